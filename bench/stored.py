"""Memory with many stored dialogues: imports N copies of the Vancouver
dialogue into a fresh database, restarts the server on it, makes 100 of
them active, then reads every one; prints the server's RSS at each step.
Needs the release build (`make build`). Usage: python3 bench/stored.py [N]"""
import json, os, subprocess, sys, time, urllib.request, threading, queue
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = '/tmp/convene-stored/db.sqlite3'; PORT = 3997; BASE = f'http://127.0.0.1:{PORT}'
N=int(sys.argv[1]) if len(sys.argv)>1 else 10000
os.system('rm -rf /tmp/convene-stored; mkdir -p /tmp/convene-stored')
key=subprocess.check_output([f'{ROOT}/target/release/convene','organiser','add','bench','--db',DB]).decode().strip().split('\n')[-1]
fixture=open(f'{ROOT}/fixtures/vancouver-2009.json','rb').read()
def start():
    p=subprocess.Popen([f'{ROOT}/target/release/convene','--addr',f'127.0.0.1:{PORT}','--db',DB,'--unload-after','3600'],stdout=subprocess.PIPE,stderr=subprocess.DEVNULL,cwd=ROOT)
    p.stdout.readline(); return p
def rss(p):
    for l in open(f'/proc/{p.pid}/status'):
        if l.startswith('VmRSS'): return int(l.split()[1])/1024
def req(method,path,body=None,token=None):
    r=urllib.request.Request(BASE+path,data=body,method=method,headers={'content-type':'application/json',**({'authorization':'Bearer '+token} if token else {})})
    with urllib.request.urlopen(r) as f: return json.loads(f.read() or b'null')
def parallel(fn, items, threads=8):
    q=queue.Queue(); [q.put(i) for i in items]; out=[]
    def w():
        while True:
            try: i=q.get_nowait()
            except queue.Empty: return
            out.append(fn(i))
    ts=[threading.Thread(target=w) for _ in range(threads)]; [t.start() for t in ts]; [t.join() for t in ts]; return out
p=start(); print('empty server RSS MiB', round(rss(p),1))
t=time.time(); ids=parallel(lambda i: req('POST','/api/v1/dialogues/import',fixture,key)['id'], range(N)); print(f'imported {N} Vancouver dialogues in {time.time()-t:.0f} s; RSS with all in memory (created this run) MiB', round(rss(p),1))
p.terminate(); p.wait()
print('database MiB', round(os.path.getsize(DB)/2**20,1))
p=start(); time.sleep(1); print(f'restarted with {N} stored, none used: RSS MiB', round(rss(p),1))
active=ids[:100]
parallel(lambda i: req('GET',f'/api/v1/dialogues/{i}/summary'), active)
parallel(lambda i: req('POST',f'/api/v1/dialogues/{i}/participants',b'{}'), active*5)
print('100 active (read, 5 joins each): RSS MiB', round(rss(p),1))
t=time.time(); parallel(lambda i: req('GET',f'/api/v1/dialogues/{i}/summary'), ids); print(f'all {N} read once ({time.time()-t:.0f} s, each loaded on first use): RSS MiB', round(rss(p),1))
p.terminate(); p.wait()
