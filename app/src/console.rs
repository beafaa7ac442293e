//! The facilitator console: invite, drive the agenda, watch the counts,
//! moderate, conclude.

use convene::command::Role;
use convene::contribution::Contribution;
use convene::similar::look_alike;
use convene::{Dialogue, ItemState, Kind, Status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::backend::{backend, read, who, Who};
use crate::live::Live;
use crate::participant::Flash;
use crate::parts::{ActButton, ActForm, Notice};
use crate::strings as s;
use crate::NotFound;

#[component]
pub fn ConsolePage() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|i| Uuid::try_parse(&i).ok());
    let Some((id, b)) = id.zip(backend()) else { return view! { <NotFound/> }.into_any() };
    let flash = Flash::from_query();
    let tab = use_query_map().get_untracked().get("kind").and_then(|k| Kind::parse(&k));
    let member = match who(id) {
        Some(Who::Facilitator) => None,
        Some(Who::Team(role, name)) => Some((role, name)),
        _ => return read(id, |d| sign_in(d, flash)).unwrap_or_else(|| view! { <NotFound/> }.into_any()),
    };
    let base = b.public_url();
    // Only the facilitator sees the log and the team.
    let (audit, team) = if member.is_none() { (b.audit(id), b.team(id)) } else { (Vec::new(), Vec::new()) };
    read(id, |d| {
        let qr = b.qr_svg(&format!("{base}/j/{}", d.code));
        console(d, &base, qr, tab, flash, Lead { member: member.clone(), audit: audit.clone(), team: team.clone() })
    })
    .unwrap_or_else(|| view! { <NotFound/> }.into_any())
}

fn sign_in(d: &Dialogue, flash: Flash) -> AnyView {
    view! {
        <Title text=format!("{} · {}", s::t("console"), d.spec.title)/>
        <section class="card stack">
            <h1>{s::t("sign-in")}</h1>
            <p>{d.spec.title.clone()}</p>
            <Notice error=flash.error saved=false/>
            <p class="hint visible">{s::t("sign-in-text")}</p>
            <crate::parts::KeyForm action=format!("/f/{}/signin", d.id) label=s::t("key-label") button=s::t("sign-in")/>
        </section>
    }
    .into_any()
}

/// Whether a link names this computer itself (`localhost`, `127.0.0.1`,
/// `[::1]`) or no address at all (`0.0.0.0`): phones that scan it reach
/// nothing.
pub fn phones_cannot_reach(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    }
    .to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") || ["0.0.0.0", "::", "::1", ""].contains(&host.as_str())
}

/// Who runs this console: the facilitator (no `member`), who also sees the
/// audit log and the team, or a member of the team, who sees what their
/// role allows.
struct Lead {
    member: Option<(Role, String)>,
    audit: Vec<crate::backend::AuditRow>,
    team: Vec<(Uuid, Role, String)>,
}

fn console(d: &Dialogue, base: &str, qr: String, tab: Option<Kind>, flash: Flash, lead: Lead) -> AnyView {
    let role = lead.member.as_ref().map(|(r, _)| *r);
    let presents = role.is_none() || role == Some(Role::Presenter);
    let moderates = role.is_none() || role == Some(Role::Moderator);
    let action = format!("/f/{}/act", d.id);
    let current = d.agenda.current;
    let live = d.status == Status::Live;
    let now_locked = d.agenda.items[current].state == ItemState::Locked;
    let kind = tab.unwrap_or_else(|| stage_kind(d));
    let links = [
        (s::t("link-participants"), format!("{base}/j/{}", d.code)),
        (s::t("link-projector"), format!("{base}/p/{}", d.id)),
        (s::t("link-projector-contrast"), format!("{base}/p/{}?theme=contrast", d.id)),
    ];
    let agenda = d.agenda.items.iter().enumerate().map(|(i, item)| {
        let locked = item.state == ItemState::Locked;
        view! {
            <li class:current=i == current class=format!("state-{}", match item.state { ItemState::Upcoming => "upcoming", ItemState::Open => "open", ItemState::Locked => "locked" })>
                <span class="stage-name">{s::stage_name(item.stage)}</span>
                <span class="item-title">{item.title.clone()}</span>
                <span class="tag">{if i == current { s::t("now") } else { s::state_name(item.state) }}</span>
                {(live && presents).then(|| view! {
                    <span class="actions">
                        {(i != current).then(|| view! { <ActButton action=action.clone() act="stage" fields=vec![("index", i.to_string())] label=s::t("go").to_string() class="small"/> })}
                        <ActButton action=action.clone() act=if locked { "unlock" } else { "lock" } fields=vec![("index", i.to_string())]
                            label=(if locked { s::t("unlock") } else { s::t("lock") }).to_string() class="small quiet"/>
                    </span>
                })}
            </li>
        }
    }).collect_view();
    let people = d.participants.len();
    let counts = [Kind::Hope, Kind::Concern, Kind::Reservation, Kind::Commitment]
        .into_iter()
        .map(|k| view! { <li>{s::shared_of(d.count(k), people, k)}</li> })
        .collect_view();
    let rated: u64 = d.histogram().iter().sum();
    view! {
        <Title text=format!("{} · {}", s::t("console"), d.spec.title)/>
        <header class="bar">
            <span class="dialogue-title">{d.spec.title.clone()}</span>
            <Live events=format!("/api/v1/dialogues/{}/events", d.id) region="console".to_string() closed=d.status == convene::Status::Closed words=crate::live::words()/>
        </header>
        <section id="console" class="console" data-revision=d.revision data-current=current data-title=d.agenda.items[current].title.clone() data-lists="true" data-closed=(!live).to_string()>
            // An error about one item is also shown on it (see `moderate`).
            <Notice error=flash.error.clone() saved=flash.saved/>
            {lead.member.as_ref().map(|(role, name)| view! { <p class="notice role-line">{s::signed_in_role(*role, name)}</p> })}
            {(!live).then(|| view! { <p class="notice closed-state">{s::t("closed-text")}</p> })}
            <div class="columns">
                <div>
                    // What a facilitator needs at every moment stays in view while the lists scroll.
                    <div class="card now">
                        <p class="label">{s::t("now-showing")}</p>
                        <h2>{s::stage_name(d.agenda.items[current].stage)}" · "{d.agenda.items[current].title.clone()}</h2>
                        {(live && presents).then(|| view! {
                            <div class="row">
                                {(current > 0).then(|| view! { <ActButton action=action.clone() act="stage" fields=vec![("index", (current - 1).to_string())] label=s::t("previous").to_string() class="quiet" key="p"/> })}
                                {(current + 1 < d.agenda.items.len()).then(|| view! { <ActButton action=action.clone() act="stage" fields=vec![("index", (current + 1).to_string())] label=s::t("next").to_string() key="n"/> })}
                                <ActButton action=action.clone() act=if now_locked { "unlock" } else { "lock" } fields=vec![("index", current.to_string())]
                                    label=s::t(if now_locked { "unlock-now" } else { "lock-now" }) class="quiet" key="l"/>
                                <ActForm action=action.clone() act="countdown" class="row countdown-form">
                                    <label for="seconds">{s::t("countdown-label")}</label>
                                    <input id="seconds" name="value" type="number" min="0" max="3600" value="45" accesskey="c"/>
                                    <button type="submit" class="quiet">{s::t("countdown-start")}</button>
                                </ActForm>
                            </div>
                        })}
                        {crate::parts::countdown(d)}
                        {(live && presents).then(|| view! { <p class="hint visible keys">{s::t("console-keys")}</p> })}
                        <p class="counts-line"><strong data-count="participants">{people}</strong>" "{s::count_in(s::lang(), "joined", people)}</p>
                        <ul class="counts-line">{counts}<li>{s::rated_of(rated, people)}</li></ul>
                    </div>
                    <div class="card">
                        <h2>{s::t("agenda")}</h2>
                        <ol class="agenda">{agenda}</ol>
                    </div>
                    {moderates.then(|| moderate(d, &action, kind, &flash))}
                    {role.is_none().then(|| conclude(d, &action))}
                </div>
                <aside>
                    <div class="card invite">
                        <h2>{s::t("invite")}</h2>
                        <p class="label">{s::t("join-code")}</p>
                        <p class="code">{d.code.clone()}</p>
                        <div class="qr" inner_html=qr></div>
                        {phones_cannot_reach(base).then(|| view! { <p class="notice" role="note">{s::t("unreachable-url")}</p> })}
                        <ul class="links">{links.into_iter().map(|(label, href)| view! {
                            <li><span class="label">{label}</span><a href=href.clone()>{href.clone()}</a></li>
                        }).collect_view()}</ul>
                    </div>
                    {role.is_none().then(|| view! {
                        {report_card(d, base, &action)}
                        {team_card(&action, lead.team)}
                        {access_card(d, &action)}
                        {audit_card(lead.audit)}
                    })}
                </aside>
            </div>
        </section>
    }
    .into_any()
}

/// The kind the current stage collects, for the moderation tab.
fn stage_kind(d: &Dialogue) -> Kind {
    Kind::ALL.into_iter().find(|k| k.stage() == d.agenda.current_stage()).unwrap_or(Kind::Hope)
}

/// How many items "Merge into…" offers.
const MERGE_CHOICES: usize = 10;

fn moderate(d: &Dialogue, action: &str, kind: Kind, flash: &Flash) -> AnyView {
    let error_at = flash.at.as_deref().and_then(|a| Uuid::try_parse(a).ok()).zip(flash.error.clone());
    // Items merged away, under the item they joined, each with its undo.
    let mut merged: std::collections::HashMap<Uuid, Vec<&Contribution>> = std::collections::HashMap::new();
    for m in d.contributions.values().filter(|c| c.kind == kind) {
        if let Some(into) = m.merged_into {
            merged.entry(into).or_default().push(m);
        }
    }
    let mut items: Vec<&Contribution> = d.contributions.values().filter(|c| c.kind == kind && c.merged_into.is_none()).collect();
    items.sort_by_key(|c| std::cmp::Reverse(c.seq));
    items.truncate(200);
    let visible: Vec<&Contribution> = items.iter().copied().filter(|c| c.visible()).collect();
    let texts: Vec<&str> = visible.iter().map(|c| c.text.as_str()).collect();
    let alike = look_alike(&texts, 0.5);
    let similar_to = |id: Uuid| -> Vec<Uuid> {
        alike
            .iter()
            .filter_map(|(i, j, _)| {
                if visible[*i].id == id {
                    Some(visible[*j].id)
                } else if visible[*j].id == id {
                    Some(visible[*i].id)
                } else {
                    None
                }
            })
            .collect()
    };
    let tabs = Kind::ALL
        .into_iter()
        .map(|k| {
            view! {
                <a href=format!("?kind={}", k.as_str()) class:active=k == kind>{s::kind_plural(k)} " " {d.count(k)}</a>
            }
        })
        .collect_view();
    let rows = items.iter().map(|c| {
        let twins = similar_to(c.id);
        let targets: Vec<(Uuid, String, bool)> = visible
            .iter()
            .filter(|o| o.id != c.id)
            .map(|o| (o.id, short(&o.text), twins.contains(&o.id)))
            .collect();
        // The look-alikes first, then the newest: a short menu, not every item.
        let mut targets = targets;
        targets.sort_by_key(|t| !t.2);
        targets.truncate(MERGE_CHOICES);
        let merged_here: Vec<(String, String)> =
            merged.get(&c.id).map(|v| v.iter().map(|m| (m.id.to_string(), m.text.clone())).collect()).unwrap_or_default();
        let cid = c.id.to_string();
        let (cid_merge, cid_theme, cid_answer) = (cid.clone(), cid.clone(), cid.clone());
        let themes: Vec<(String, bool)> = d.spec.themes.iter().map(|t| (t.clone(), c.theme.as_deref() == Some(t.as_str()))).collect();
        let answer = c.answer.clone().unwrap_or_default();
        view! {
            <li class="item" class:hidden=c.hidden id=format!("c-{}", c.id)>
                {error_at.as_ref().filter(|(at, _)| *at == c.id).map(|(_, code)| view! { <p class="error" role="alert">{s::error(code)}</p> })}
                <p>{c.text.clone()}</p>
                <div class="meta">
                    {kind.backing().map(|_| view! { <span class="votes">{c.backers.len()}</span> })}
                    {c.hidden.then(|| view! { <span class="tag">{s::t("hidden")}</span> })}
                    {(!twins.is_empty()).then(|| view! { <span class="tag alike">{s::t("looks-alike")}</span> })}
                    <ActButton action=action.to_string() act=if c.hidden { "unhide" } else { "hide" } fields=vec![("cid", cid.clone())]
                        label=(if c.hidden { s::t("unhide") } else { s::t("hide") }).to_string() class="small quiet"/>
                </div>
                {(!merged_here.is_empty()).then(|| view! {
                    <ul class="merged">
                        {merged_here.into_iter().map(|(id, text)| view! {
                            <li>
                                <span class="tag">{s::t("merged-here")}</span>" "{text}
                                <ActButton action=action.to_string() act="unmerge" fields=vec![("cid", id)] label=s::t("unmerge").to_string() class="small quiet"/>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {(!targets.is_empty() && c.visible()).then(move || view! {
                    <ActForm action=action.to_string() act="merge" class="row">
                        <input type="hidden" name="cid" value=cid_merge.clone()/>
                        <select name="into" id=format!("into-{cid_merge}") aria-label=s::t("merge-into")>
                            <option value="">{s::t("merge-into")}</option>
                            {targets.into_iter().map(|(id, text, twin)| view! {
                                <option value=id.to_string()>{if twin { format!("★ {text}") } else { text }}</option>
                            }).collect_view()}
                        </select>
                        <label class="check small"><input type="checkbox" name="value" value="yes" id=format!("merge-ok-{cid_merge}") required/>" "{s::t("merge-confirm")}</label>
                        <button type="submit" class="small quiet">{s::t("merge")}</button>
                    </ActForm>
                })}
                {(kind == Kind::Recommendation).then(move || view! {
                    <ActForm action=action.to_string() act="refile" class="row">
                        <input type="hidden" name="cid" value=cid_theme.clone()/>
                        <select name="theme" id=format!("theme-{cid_theme}") aria-label=s::t("theme-label")>
                            {themes.into_iter().map(|(t, on)| { let label = t.clone(); view! { <option value=t selected=on>{label}</option> } }).collect_view()}
                        </select>
                        <button type="submit" class="small quiet">{s::t("move")}</button>
                    </ActForm>
                })}
                {(kind == Kind::Question).then(move || view! {
                    <ActForm action=action.to_string() act="answer" class="stack">
                        <input type="hidden" name="cid" value=cid_answer.clone()/>
                        <textarea name="text" id=format!("answer-{cid_answer}") rows="2" maxlength="5000" aria-label=s::t("answer")>{answer}</textarea>
                        <button type="submit" class="small">{s::t("save-answer")}</button>
                    </ActForm>
                })}
            </li>
        }
    }).collect_view();
    view! {
        <div class="card">
            <h2>{s::t("moderate")}</h2>
            <nav class="tabs">{tabs}</nav>
            {items.is_empty().then(|| view! { <p class="notice">{s::t("none-of-kind")}</p> })}
            <ul class="items">{rows}</ul>
        </div>
    }
    .into_any()
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(70).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// The report: preview, the downloads, and publishing.
fn report_card(d: &Dialogue, base: &str, action: &str) -> AnyView {
    let at = |file: &str| format!("{base}/api/v1/dialogues/{}/{file}", d.id);
    let downloads = [
        (s::t("report-pdf"), at("report.pdf")),
        (s::t("report-md"), at("report.md")),
        (s::t("report-csv"), at("export.csv")),
        (s::t("report-json"), at("export.json")),
    ];
    view! {
        <div class="card report">
            <h2>{s::t("link-report")}</h2>
            <a class="button" href=at("report.html") target="_blank" rel="noopener">{s::t("report-preview")}</a>
            <ul class="downloads">{downloads.into_iter().map(|(label, href)| view! { <li><a href=href download="">{label}</a></li> }).collect_view()}</ul>
            {if d.published {
                view! { <p class="saved">{s::t("published")}</p><p class="label">{s::t("public-link")}</p><a href=at("report.html")>{at("report.html")}</a> }.into_any()
            } else {
                view! {
                    <p class="hint visible">{s::t("unpublished")}</p>
                    <crate::parts::ConfirmForm action=action.to_string() act="publish" hint=s::t("publish-text") confirm=s::t("publish-confirm") label=s::t("publish")/>
                }.into_any()
            }}
        </div>
    }
    .into_any()
}

fn conclude(d: &Dialogue, action: &str) -> AnyView {
    let conclusion = d.conclusion.clone().unwrap_or_default();
    view! {
        <div class="card">
            <h2>{s::t("conclusion")}</h2>
            <ActForm action=action.to_string() act="conclusion" class="stack">
                <textarea name="text" id="conclusion-text" rows="5" maxlength="5000" aria-label=s::t("conclusion")>{conclusion}</textarea>
                <button type="submit">{s::t("save-conclusion")}</button>
            </ActForm>
        </div>
        {if d.status == Status::Live {
            view! {
                <div class="card">
                    <h2>{s::t("close-dialogue")}</h2>
                    <crate::parts::ConfirmForm action=action.to_string() act="close" hint=s::t("close-text") confirm=s::t("close-confirm") label=s::t("close-dialogue")/>
                </div>
            }.into_any()
        } else {
            ().into_any()
        }}
    }
    .into_any()
}

/// Signing other devices in, and out: the key is never on this page; a
/// new sign-in link replaces it, shown once.
fn access_card(d: &Dialogue, action: &str) -> AnyView {
    view! {
        <div class="card access">
            <h2>{s::t("access")}</h2>
            <p>{s::t("access-text")}</p>
            <form method="post" action=action.to_string()>
                <input type="hidden" name="do" value="new_key"/>
                <button type="submit" class="quiet">{s::t("new-link")}</button>
            </form>
            <form method="post" action=format!("/f/{}/signout", d.id)>
                <button type="submit" class="quiet">{s::t("sign-out")}</button>
            </form>
            <crate::parts::ConfirmForm action=action.to_string() act="delete_dialogue" hint=s::t("delete-dialogue-text")
                confirm=s::t("delete-dialogue-confirm") label=s::t("delete-dialogue")/>
        </div>
        <div class="card">
            <h2>{s::t("series")}</h2>
            <p>{s::t("series-text")}</p>
            <crate::parts::SeriesForm id=d.id/>
        </div>
    }
    .into_any()
}

/// The moderators and presenters, each removable; a form for another.
fn team_card(action: &str, team: Vec<(Uuid, Role, String)>) -> AnyView {
    let empty = team.is_empty();
    let rows = team
        .into_iter()
        .map(|(id, role, name)| {
            view! {
                <li>
                    <span>{s::role_name(role)}" · "{name.clone()}</span>
                    <ActButton action=action.to_string() act="team_remove" fields=vec![("cid", id.to_string())] label=s::team_remove(&name) class="small quiet"/>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card team" id="team">
            <h2>{s::t("team")}</h2>
            <p>{s::t("team-text")}</p>
            {empty.then(|| view! { <p class="notice">{s::t("team-none")}</p> })}
            <ul class="team-list">{rows}</ul>
            <form method="post" action=action.to_string() class="stack">
                <input type="hidden" name="do" value="team_add"/>
                <label for="team-role">{s::t("team-role")}</label>
                <select id="team-role" name="value">
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{s::role_name(r)}</option> }).collect_view()}
                </select>
                <label for="team-name">{s::t("team-name")}</label>
                <input id="team-name" name="text" required maxlength="60" autocomplete="off"/>
                <button type="submit" class="quiet">{s::t("team-add")}</button>
            </form>
        </div>
    }
    .into_any()
}

/// What the facilitators did, newest first: only they see it.
fn audit_card(audit: Vec<crate::backend::AuditRow>) -> AnyView {
    let total = audit.len();
    let rows = audit
        .into_iter()
        .rev()
        .take(30)
        .map(|(at, who, action, detail)| {
            let time = at.get(11..19).unwrap_or("").to_string();
            // A team member is named; the facilitator is the log's default.
            let who = who
                .split_once(": ")
                .and_then(|(role, name)| Some(format!("{} ({name}) ", s::role_name(Role::parse(role)?))))
                .unwrap_or_default();
            // Ids are cut to their first 8 characters; names and codes are whole.
            let detail = detail.map(|d| {
                let id_like = d.get(..36).is_some_and(|head| Uuid::try_parse(head).is_ok());
                format!(" · {}", if id_like { d.chars().take(8).collect() } else { d })
            });
            view! { <li><time datetime=at>{time}</time>" "{who}{s::audit_action(&action)}{detail}</li> }
        })
        .collect_view();
    view! {
        <details class="card audit">
            <summary>{s::audit_title(total)}</summary>
            <ul>{rows}</ul>
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::phones_cannot_reach;

    #[test]
    fn links_to_this_computer_alone_are_told_apart() {
        for url in ["http://127.0.0.1:3000", "http://localhost:3000/", "http://0.0.0.0:3000", "http://[::1]:3000", "https://app.localhost"]
        {
            assert!(phones_cannot_reach(url), "{url}");
        }
        for url in ["http://192.168.1.20:3000", "https://convene.example", "http://[2001:db8::1]:3000", "http://127x.example"] {
            assert!(!phones_cannot_reach(url), "{url}");
        }
    }
}
