#!/usr/bin/env python3
"""Export an imported city (SQLite db + truth/) into a plain-text bundle for the rating eval harness.
Usage: export.py DB CITYDIR OUT [--all-victims]
Dense account ids = `SELECT id FROM account ORDER BY id` (same as TransferLoader); edges = transfer rows ORDER BY id."""
import json, sqlite3, sys, re, datetime
db, city, out = sys.argv[1], sys.argv[2], sys.argv[3]
allv = '--all-victims' in sys.argv
c = sqlite3.connect(db)
ids = [r[0] for r in c.execute('select id, number from account order by id')]
nums = [r[1] for r in c.execute('select id, number from account order by id')]
dense = {i: k for k, i in enumerate(ids)}
bynum = {n: k for k, n in enumerate(nums)}
edges = []
for f, t, a, tm, ch in c.execute('select from_id,to_id,amount_fen,time,channel from transfer order by id'):
    edges.append((dense.get(f, -1) if f is not None else -1, dense.get(t, -1) if t is not None else -1, a, tm, ch))
assert c.execute('select count(*) from transfer_block').fetchone()[0] == 0
has = [0] * len(ids)
for (a,) in c.execute('select distinct account_id from entry'):
    if a in dense: has[dense[a]] = 1
# holder groups: own holder_id on statement rows + counterparty id numbers (cp_id)
holder = {}
for a, h in c.execute("select distinct account_id, holder_id from entry where holder_id is not null and holder_id != ''"):
    if a in dense: holder.setdefault(dense[a], h)
for a, h in c.execute("select distinct counterparty_id, cp_id from entry where cp_id is not null and cp_id != '' and counterparty_id is not null"):
    if a in dense: holder.setdefault(dense[a], h)
hid = {}
group = [-1] * len(ids)
for a, h in holder.items():
    group[a] = hid.setdefault(h.upper(), len(hid))
# devices: ip and mac of the account's own rows
dev = {}
pairs = set()
def nmac(m):
    m = re.sub(r'[^0-9A-Fa-f]', '', m).upper()
    if len(m) != 12 or m in ('020000000000', '000000000000', 'FFFFFFFFFFFF'): return None
    return 'M' + m
for a, ip, mac in c.execute("select account_id, ip, mac from entry where (ip is not null and ip!='') or (mac is not null and mac!='')"):
    if a not in dense: continue
    for d in (('I' + ip.strip()) if ip and ip.strip() else None, nmac(mac) if mac else None):
        if d: pairs.add((dense[a], dev.setdefault(d, len(dev))))
TAGS = {'已冻结涉诈账户': 1, '涉诈账户': 2, '正常商户': 4, '支付机构': 8, '游戏点卡商户': 16, '虚拟币场外商': 32}
tags = [0] * len(ids)
for v, l in c.execute("select value, label from tag where kind='account'"):
    if v in bynum and l in TAGS: tags[bynum[v]] |= TAGS[l]
truth = json.load(open(city + '/truth/accounts.json'))
LAB = {'normal': 0, 'suspicious': 1, 'malicious': 2}
# seeds: reported victims' payments (product only knows reported cases)
vic = json.load(open(city + '/truth/victims.json'))
bykey = {}
for e, (f, t, a, tm, ch) in enumerate(edges):
    bykey.setdefault((f, t, a), []).append((tm, e))
seeds = []; cases = {}; miss = 0; used = set()
for v in vic:
    if v['case'] is None and not allv: continue
    tm = int(datetime.datetime.fromisoformat(v['time']).timestamp())
    amt = round(float(v['amount']) * 100)
    cand = []
    for va in (v['victim_account'], v.get('funding_account')):
        if va and va in bynum and v['payee'] in bynum:
            cand += [x for x in bykey.get((bynum[va], bynum[v['payee']], amt), []) if abs(x[0] - tm) <= 300 and x[1] not in used]
    # payee's statement may show the payer only as an unknown counterparty: fall back to (any payer, payee, amount)
    if not cand and v['payee'] in bynum:
        for (f, t, a), xs in bykey.items():
            if t == bynum[v['payee']] and a == amt: cand += [x for x in xs if abs(x[0] - tm) <= 300 and x[1] not in used]
    if not cand: miss += 1; continue
    cand.sort(key=lambda x: abs(x[0] - tm)); e = cand[0][1]; used.add(e)
    seeds.append((e, cases.setdefault(v['case'] or v['id'], len(cases))))
with open(out, 'w') as o:
    o.write(f'A {len(ids)}\n')
    for k, n in enumerate(nums):
        t = truth.get(n, {'label': 'normal', 'role': 'unknown'})
        o.write(f"{n} {has[k]} {group[k]} {tags[k]} {LAB[t['label']]} {t['role']}\n")
    o.write(f'E {len(edges)}\n')
    for e in edges: o.write('%d %d %d %d %d\n' % e)
    o.write(f'D {len(pairs)}\n')
    for a, d in sorted(pairs): o.write(f'{a} {d}\n')
    summ = {}
    for t, sm, k in c.execute("select to_id, summary, count(*) from transfer where to_id is not null and summary is not null and summary != '' group by 1, 2"):
        if t in dense: summ[(dense[t], sm.replace(' ', '_').replace('\n', '_'))] = k
    o.write(f'U {len(summ)}\n')
    for (a, sm), k in sorted(summ.items()): o.write(f'{a} {k} {sm}\n')
    o.write(f'S {len(seeds)}\n')
    for e, k in seeds: o.write(f'{e} {k}\n')
print(out, 'accounts', len(ids), 'edges', len(edges), 'seeds', len(seeds), 'missed', miss, 'devices', len(dev), 'holders', len(hid), file=sys.stderr)
