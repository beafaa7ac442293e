//! What an operator sees: a request id on every answer, JSON log lines
//! that carry no secret and no participant's words, and Prometheus metrics.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{temp_dir, Dialogue, Server};

#[test]
fn json_logs_request_ids_and_metrics_without_a_secret() {
    let s = Server::start_logged(temp_dir().join("convene.sqlite3"), &["--log-format", "json", "--metrics-addr", "127.0.0.1:0"]);
    let d = Dialogue::create(&s, json!({"title": "Observed"}));
    let people = d.join(&s, 2);
    d.stage(&s, 1);
    let words = "My hope is a quiet river-walk 7731";
    s.expect(200, "PUT", &d.path("/hope"), Some(&people[0]), Some(json!({"text": words})));
    let stream = s.subscribe(&d.path("/events"));

    // Every answer carries a request id; a plain one from a proxy is kept, anything else replaced.
    let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(10)).build();
    let r = agent.get(&s.url(&d.path("/summary"))).call().unwrap();
    let made = r.header("x-request-id").expect("an x-request-id").to_string();
    assert!(made.len() >= 16 && made.chars().all(|c| c.is_ascii_alphanumeric()), "{made}");
    let r = agent.get(&s.url(&d.path("/summary"))).set("x-request-id", "proxy-42.a").call().unwrap();
    assert_eq!(r.header("x-request-id"), Some("proxy-42.a"));
    let r = agent.get(&s.url(&d.path("/summary"))).set("x-request-id", "evil\"} line").call().unwrap();
    assert_ne!(r.header("x-request-id"), Some("evil\"} line"));
    let missing = agent.get(&s.url("/api/v1/dialogues/00000000-0000-4000-8000-000000000000")).call();
    assert!(matches!(missing, Err(ureq::Error::Status(404, ref r)) if r.header("x-request-id").is_some()));

    // Metrics: on their own address, every name starting with convene_.
    let metrics_url = {
        let said = s.said.lock().unwrap();
        said.iter().find_map(|l| l.strip_prefix("convene metrics on ").map(str::to_string)).expect("the metrics address is printed")
    };
    let page = agent.get(&metrics_url).call().unwrap().into_string().unwrap();
    for line in page.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        assert!(line.starts_with("convene_"), "{line}");
    }
    let has = |needle: &str| page.lines().any(|l| l.contains(needle));
    assert!(has(r#"convene_http_requests_total{route="/api/v1/dialogues/{id}/hope",method="PUT",status="200"} 1"#), "{page}");
    assert!(has(r#"status="404""#), "{page}");
    assert!(has("convene_http_request_duration_seconds_bucket{"), "{page}");
    assert!(has("convene_event_streams 1"), "one stream is open:\n{page}");
    assert!(has("convene_dialogues 1") && has("convene_dialogues_in_memory 1"), "{page}");
    assert!(has("convene_write_queue_depth 0"), "{page}");
    assert!(has("convene_commit_batch_size_bucket{") && has("convene_commit_seconds_bucket{"), "{page}");
    assert!(has("convene_connections_open "), "{page}");
    drop(stream);

    // The logs: one JSON object a line; the request ids are there, the secrets are not.
    std::thread::sleep(Duration::from_millis(300));
    let logs = s.logs.lock().unwrap().clone();
    let lines: Vec<Value> = logs.iter().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let answered: Vec<&Value> = lines.iter().filter(|l| l["fields"]["message"] == "answered").collect();
    assert!(
        answered.iter().any(|l| l["span"]["id"] == made.as_str() && l["span"]["route"] == "/api/v1/dialogues/{id}/summary"),
        "{logs:#?}"
    );
    assert!(answered.iter().any(|l| l["fields"]["status"] == 404));
    let all = logs.join("\n");
    for secret in [s.organiser.as_str(), d.key.as_str(), people[0].as_str(), people[1].as_str(), words, d.code.as_str(), "quiet river"] {
        assert!(!all.contains(secret), "a log line holds {secret:?}");
    }
}
