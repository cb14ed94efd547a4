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
0.5 promises, 0.2 incidents; a handover for 6% of the clients, and when the
base has the VIP programme, one programme with an item per vip and key
client, half of them surveyed. Dates spread over four years before --now
(default 2026-11-22T10:00:00Z, the tests' CRM_NOW), with a share of
forgotten, stale and stormy clients and a few duplicates, so that every
rule of 'crm audit' finds something. The same seed gives the same base.

For the figures of 'crm audit managers --since --until' and 'crm audit
sources', each client also has a source (an advertising channel, a
referral, an exhibition; a tenth none), lost and farewell clients the
time their status changed, every interaction its author's manager id (the
owner's), a fifth of the meetings a lateness, and a third of the open
next actions one to four moves (most by the manager). These draw from a
second random stream, so the rest of the base is the one earlier
versions of this script made.
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
SOURCES = ["Яндекс.Директ", "выставка", "сарафанное радио", "сайт", "холодный звонок",
           "партнёр", "VK реклама", None]
SOURCE_W = [20, 10, 15, 25, 10, 8, 2, 10]


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
    rng2 = random.Random(a.seed + 7919)  # the figures' stream
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

    cols = {
        "client": "id, uuid, name, name_fold, kind, segment, tier, status, stage, stage_since,"
                  " owner_id, contact_every, value, traits, interests, tags, note, created,"
                  " updated, last_contact, orders, source, status_since",
        "contact": "id, uuid, client_id, name, name_fold, role, phone, email, is_key,"
                   " verified, created",
        "interaction": "id, client_id, kind, at, author, text, outcome, amount, created,"
                       " author_id, late",
        "next_action": "id, client_id, text, due, assignee_id, status, author, created, done",
        "promise": "id, client_id, kind, text, due, status, why, author, created, closed",
        "incident": "id, client_id, kind, text, status, how, author, created, resolved",
        "handover": "client_id, from_id, to_id, reason, status, brief, dossier, next_text,"
                    " next_due, next_action_id, notice_due, notice_sent, until, created_by,"
                    " created, decided",
        "vip_item": "program_id, client_id, surveyor_id, status, due, assigned, survey_id,"
                    " done",
        "vip_survey": "id, client_id, program_id, template_version, surveyor_id, surveyor, at,"
                      " answers, quality, incident_id, remedy_id, author, created",
    }
    cols["next_move"] = ("action_id, at, from_due, from_timed, to_due, to_timed, by, reason,"
                         " actor, actor_id")
    rows = {t: [] for t in cols}
    clients, contacts, inter = rows["client"], rows["contact"], rows["interaction"]
    nexts, proms, incs = rows["next_action"], rows["promise"], rows["incident"]

    def flush(force=False):
        if force or len(inter) > 200000:
            # in the order of the foreign keys
            for t in ("client", "contact", "interaction", "next_action", "next_move", "promise",
                      "incident", "handover", "vip_survey", "vip_item"):
                if rows[t]:
                    c = cols[t]
                    db.executemany("INSERT INTO %s(%s) VALUES (%s)" % (
                        t, c, ",".join("?" * (c.count(",") + 1))), rows[t])
                    rows[t].clear()

    # the VIP programme, begun 120 days ago, due in 90: late items exist
    has_vip = db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'vip_program'") \
        .fetchone()[0]
    if has_vip:
        db.execute("INSERT INTO vip_program(id, name, name_fold, lead_id, author, created)"
                   " VALUES (1, 'VIP 2026', 'vip 2026', 1, 'bench', ?)", (now - 120 * DAY,))
    has_handover = db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'handover'") \
        .fetchone()[0]
    vid = 0

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
            late = None
            if k == "meeting" and rng2.random() < 0.2:
                late = rng2.randrange(1, 61)
            inter.append((iid, cid, k, at, author, "%s #%d" % (k, iid), None,
                          rng.randrange(1000, 10**7) if k == "order" else None, at,
                          owner or 1, late))
        clients.append((cid, uuid(rng), name, fold(name), kind, None, tier, status, stage,
                        stage_since, owner, every,
                        rng.randrange(10**5, 10**9) if rng.random() < 0.5 else None,
                        "[]", "[]", "[]", None, created, created, last, orders,
                        rng2.choices(SOURCES, SOURCE_W)[0],
                        rng2.randrange(created, now) if status in ("lost", "farewell")
                        else None))
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
                due = today + rng.randrange(-30, 60) * DAY
                nexts.append((nid, cid, "call back", due, owner, "open", author, created,
                              None))
                if rng2.random() < 0.33:
                    at = now - rng2.randrange(DAY, 200 * DAY)
                    for _ in range(rng2.randrange(1, 5)):
                        by = "manager" if rng2.random() < 0.7 else "client"
                        rows["next_move"].append((nid, at, due - 2 * DAY, 0, due, 0, by,
                                                  "no car" if by == "manager" else "asked",
                                                  author, owner))
                        at += rng2.randrange(3600, 20 * DAY)
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
        if has_handover and owner and rng.random() < 0.06:
            # a handover to this owner (accepted) or still pending
            frm = rng.randrange(1, nmgr + 1)
            hc = now - rng.randrange(DAY, 200 * DAY)
            st = rng.choices(["accepted", "pending", "declined", "cancelled"], [80, 10, 5, 5])[0]
            dec = None if st == "pending" else min(now, hc + rng.randrange(0, 5 * DAY))
            nid += 1
            nexts.append((nid, cid, "first call", hc + 7 * DAY, owner,
                          "done" if rng.random() < 0.6 else "open", author, hc,
                          None))
            if nexts[-1][5] == "done":
                nexts[-1] = nexts[-1][:8] + (min(now, hc + 8 * DAY),)
            rows["handover"].append((
                cid, frm if frm != owner else None, owner,
                rng.choices(["overload", "client-request", "vacation", "refresh"],
                            [40, 15, 10, 35])[0], st, "briefing", "{}", "first call",
                hc + 7 * DAY, nid, dec + 3 * DAY if dec else None,
                (dec + rng.randrange(0, 6 * DAY)) if dec and rng.random() < 0.7 else None,
                (hc + 30 * DAY) if rng.random() < 0.1 else None, "bench", hc, dec))
        if has_handover and owner and rng.random() < 0.003:
            # a client who keeps asking for another manager
            for _ in range(3):
                hc = now - rng.randrange(DAY, 300 * DAY)
                rows["handover"].append((
                    cid, owner, rng.randrange(1, nmgr + 1), "client-request", "declined",
                    "the client asks for someone else", "{}", "call", hc + 7 * DAY, None,
                    None, None, None, "bench", hc, hc + DAY))
        if has_vip and tier != "regular" and status not in ("lost", "farewell"):
            surveyed = rng.random() < 0.5
            if surveyed:
                vid += 1
                at = now - rng.randrange(DAY, 110 * DAY)
                fail = rng.random() < 0.1
                inc = rem = None
                if fail:
                    xid += 1
                    incs.append((xid, cid, "quality", "speed below contract", "open", None,
                                 author, at, None))
                    inc = xid
                    nid += 1
                    nexts.append((nid, cid, "technical work", at + 14 * DAY, owner, "open",
                                  author, at, None))
                    rem = nid
                rows["vip_survey"].append((vid, cid, 1, 1, owner, author, at, "{}",
                                           "fail" if fail else "pass", inc, rem, "bench", at))
            rows["vip_item"].append((1, cid, owner, "done" if surveyed else "pending",
                                     now - 30 * DAY, now - 120 * DAY,
                                     vid if surveyed else None,
                                     rows["vip_survey"][-1][6] if surveyed else None))
        flush()
    flush(True)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode=WAL")
    print("gen-audit: %d managers, %d clients, %d contacts, %d interactions, "
          "%d next actions, %d promises, %d incidents, %d vip surveys"
          % (nmgr, cid, ctid, iid, nid, pid, xid, vid), file=sys.stderr)


main()
