#!/usr/bin/env python3
"""gen-audit.py: fills a fresh crm base (made by 'crm init') with a
generated client base for the audit benchmark, straight into the tables of
the client sheet with Python's sqlite3 module: faster than going through
crm for a million clients. Unlike bench/gen.py (the import benchmark's
2 contacts and 10 interactions per client), it also writes next actions,
promises and incidents, so that every rule of the audit has work to do.
No ANALYZE: a base kept by crm has no statistics either.

usage: bench/gen-audit.py [--clients N] [--seed S] [--now ISO] DB

Per client on average: 2 contacts, 10 interactions, 1.7 next actions,
0.5 promises, 0.2 incidents. Dates spread over four years before --now
(default 2026-11-22T10:00:00Z, the tests' CRM_NOW), with a share of
forgotten, stale and stormy clients and a few duplicates, so that every
rule of 'crm audit' finds something. The same seed gives the same base.
"""
import argparse
import datetime
import random
import sqlite3
import sys

DAY = 86400

ADJ = ["Альфа", "Бета", "Вектор", "Гранит", "Дельта", "Евро", "Звезда", "Импульс",
       "Кедр", "Лидер", "Магистраль", "Нова", "Омега", "Прогресс", "Ромашка", "Сигма",
       "Техно", "Урал", "Феникс", "Центр", "North", "Blue", "Prime", "Smart", "Global"]
NOUN = ["Строй", "Торг", "Сервис", "Логистик", "Пром", "Софт", "Трейд", "Инвест",
        "Снаб", "Мед", "Агро", "Энерго", "Систем", "Групп", "Maker", "Works", "Labs"]
FORMS = ["ООО «{}»", "АО «{}»", "ЗАО \"{}\"", "ПАО {}", "{}, LLC", "{} Inc.", "{} Ltd",
         "{} GmbH", "{}"]
FIRST = ["Иван", "Пётр", "Анна", "Мария", "Сергей", "Ольга", "Алексей", "Елена",
         "Дмитрий", "Наталья", "John", "Kate"]
LAST = ["Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Соколов",
        "Лебедев", "Козлов", "Новиков", "Smith", "Brown"]

KINDS = ["call", "meeting", "email", "order", "complaint", "feedback", "conflict",
         "note", "survey"]
KIND_W = [25, 10, 25, 15, 3, 4, 1, 15, 2]


def fold(s):
    return s.lower().replace("ё", "е")


def uuid(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--clients", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", default="2026-11-22T10:00:00Z")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    now = int(datetime.datetime.strptime(a.now, "%Y-%m-%dT%H:%M:%SZ")
              .replace(tzinfo=datetime.timezone.utc).timestamp())
    today = now - now % DAY

    db = sqlite3.connect(a.db, isolation_level=None)
    # no journal while filling a fresh base: WAL again at the end
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    if db.execute("SELECT count(*) FROM client").fetchone()[0]:
        sys.exit("gen-audit: %s already has clients" % a.db)
    db.execute("BEGIN")

    nmgr = max(5, a.clients // 500)
    mgrs = []
    for m in range(1, nmgr + 1):
        name = "%s %s %d" % (rng.choice(FIRST), rng.choice(LAST), m)
        mgrs.append(name)
        db.execute("INSERT INTO manager(id, uuid, name, name_fold, email, role, status,"
                   " capacity, created) VALUES (?,?,?,?,?,?,?,?,?)",
                   (m, uuid(rng), name, fold(name), "m%d@example.com" % m,
                    "head" if m == 1 else "manager",
                    "vacation" if m % 37 == 0 else "active",
                    rng.choice([400, 500, 500, 600]), now - 5 * 365 * DAY))

    clients, contacts, inter, nexts, proms, incs = [], [], [], [], [], []
    cid = ctid = iid = nid = pid = xid = 0

    def flush(force=False):
        if force or len(inter) > 200000:
            db.executemany("INSERT INTO client VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           clients)
            db.executemany("INSERT INTO contact VALUES (?,?,?,?,?,?,?,?,?,?,?)", contacts)
            db.executemany("INSERT INTO interaction VALUES (?,?,?,?,?,?,?,?,?)", inter)
            db.executemany("INSERT INTO next_action VALUES (?,?,?,?,?,?,?,?,?)", nexts)
            db.executemany("INSERT INTO promise VALUES (?,?,?,?,?,?,?,?,?,?)", proms)
            db.executemany("INSERT INTO incident VALUES (?,?,?,?,?,?,?,?,?)", incs)
            for lst in (clients, contacts, inter, nexts, proms, incs):
                lst.clear()

    for _ in range(a.clients):
        cid += 1
        base = "%s%s" % (rng.choice(ADJ), rng.choice(NOUN))
        name = rng.choice(FORMS).format("%s %d" % (base, rng.randrange(a.clients)))
        kind = "person" if rng.random() < 0.2 else "company"
        if kind == "person":
            name = "%s %s" % (rng.choice(FIRST), rng.choice(LAST) + " " + str(cid))
        tier = rng.choices(["vip", "key", "regular"], [5, 15, 80])[0]
        status = rng.choices(["prospect", "active", "regular", "lost", "farewell"],
                             [10, 40, 40, 7, 3])[0]
        stage = rng.choices(["courtship", "sale", "honeymoon", "storm", "normalization",
                             "support"], [10, 10, 10, 4, 30, 36])[0]
        created = now - rng.randrange(10 * DAY, 4 * 365 * DAY)
        stage_since = rng.randrange(created, now)
        owner = rng.randrange(1, nmgr + 1) if rng.random() > 0.02 else None
        every = rng.choice([14, 30, 60, 90, 120]) if rng.random() < 0.2 else None
        # interactions: a forgotten share stops talking long ago
        span_end = now if rng.random() > 0.15 else created + (now - created) // 3
        n = rng.randrange(0, 21)
        last = None
        orders = 0
        author = mgrs[(owner or 1) - 1]
        for _ in range(n):
            iid += 1
            at = rng.randrange(created, max(created + 1, span_end))
            k = rng.choices(KINDS, KIND_W)[0]
            orders += k == "order"
            last = at if last is None or at > last else last
            inter.append((iid, cid, k, at, author, "%s #%d" % (k, iid), None,
                          rng.randrange(1000, 10**7) if k == "order" else None, at))
        clients.append((cid, uuid(rng), name, fold(name), kind, None, tier, status, stage,
                        stage_since, owner, every,
                        rng.randrange(10**5, 10**9) if rng.random() < 0.5 else None,
                        "[]", "[]", "[]", None, created, created, last, orders))
        for j in range(2):
            ctid += 1
            cn = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
            email = "c%d@example.com" % (ctid if rng.random() > 0.001 else rng.randrange(ctid))
            phone = "+7 9%02d %03d-%02d-%02d" % (rng.randrange(100), rng.randrange(1000),
                                                 rng.randrange(100), rng.randrange(100))
            key = 1 if j == 0 and rng.random() < 0.85 else 0
            verified = (now - rng.randrange(0, 2 * 365 * DAY)) if rng.random() < 0.8 else None
            contacts.append((ctid, uuid(rng), cid, cn, fold(cn), "director" if key else None,
                             phone, email, key, verified, created))
        if status not in ("lost", "farewell"):
            nid += 1
            done = rng.randrange(created, now)
            nexts.append((nid, cid, "done action", done - DAY, owner, "done", author,
                          created, done))
            if rng.random() < 0.7:
                nid += 1
                nexts.append((nid, cid, "call back", today + rng.randrange(-30, 60) * DAY,
                              owner, "open", author, created, None))
        if rng.random() < 0.5:
            pid += 1
            st = rng.choices(["open", "kept", "broken"], [40, 50, 10])[0]
            due = today + rng.randrange(-90, 90) * DAY
            proms.append((pid, cid, rng.choice(["promise", "guarantee", "discount", "doubt",
                                                "risk"]),
                          "promise #%d" % pid, due, st, None, author, created,
                          None if st == "open" else min(now, due)))
        if rng.random() < 0.2:
            xid += 1
            st = "open" if rng.random() < 0.3 else "resolved"
            at = now - rng.randrange(0, 200 * DAY)
            incs.append((xid, cid, rng.choice(["misunderstanding", "mishap", "conflict",
                                               "quality"]),
                         "incident #%d" % xid, st, None, author, at,
                         None if st == "open" else now))
        flush()
    flush(True)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode=WAL")
    print("gen-audit: %d managers, %d clients, %d contacts, %d interactions, "
          "%d next actions, %d promises, %d incidents" % (nmgr, cid, ctid, iid, nid, pid, xid),
          file=sys.stderr)


main()
