#!/usr/bin/env python3
"""gen.py: a generated base for the benchmarks.

Writes N clients, each with 2 contacts and 10 interactions, as
  clients.ndjson     the input of `crm client import` (the shape of export)
and the same rows as CSV files with the columns of the schema-2 tables, in
table order, for the sqlite3 shell's `.import --csv --skip 1` (the floor):
  manager.csv client.csv contact.csv interaction.csv

usage: bench/gen.py [-n N] [-o DIR]    (default 100000 clients into ./bench-data)

Deterministic (a fixed seed). Python 3 standard library only. Every integer
column gets a value: the sqlite3 shell imports an empty CSV field as '' and
STRICT tables refuse '' in an INTEGER column.
"""
import argparse
import csv
import datetime
import json
import os
import random
import uuid

NOW = datetime.datetime(2026, 11, 22, 10, 0, 0, tzinfo=datetime.timezone.utc)
EPOCH_NOW = int(NOW.timestamp())

MANAGERS = [
    "Анна Петрова", "Борис Смирнов", "Виктор Кузнецов", "Galina Orlova", "Dmitri Volkov",
    "Елена Соколова", "John Miller", "Мария Лебедева", "Никита Попов", "Olga Fedorova",
]
FIRST = ["Иван", "Пётр", "Сергей", "Алексей", "Ольга", "Наталья", "John", "Mary", "Hans",
         "Léa", "Юлия", "Андрей", "Tom", "Ekaterina", "Дмитрий", "Светлана"]
LAST = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Smith", "Müller", "Новиков", "Морозов",
        "Brown", "Волков", "Fischer", "Зайцев", "Соловьёв", "Jones", "Лебедев", "Козлов"]
FORMS = ["ООО «{}»", "АО «{}»", "ИП {}", "{} Corp", "{} GmbH", "{} Ltd", "ЗАО «{}»"]
WORDS = ["Ромашка", "Северсталь", "Вектор", "Acme", "Globex", "Initech", "Меридиан",
         "Альфа", "Orion", "Полюс", "Stark", "Umbrella", "Гранит", "Восход", "Zenith"]
ROLES = ["director", "buyer", "accountant", "logistics", "CEO", "закупки", "бухгалтер"]
KINDS = ["call", "meeting", "email", "order", "complaint", "feedback", "note"]
TEXTS = ["обсудили поставку на следующий квартал", "discussed the annual contract",
         "клиент недоволен сроками доставки", "sent the price list and samples",
         "заказ оплачен полностью", "asked for a discount on volume",
         "встреча в офисе клиента, подписали спецификацию", "follow-up call about the invoice"]
TIERS = ["regular"] * 7 + ["key"] * 2 + ["vip"]
STATUSES = ["prospect", "active", "regular", "lost", "farewell"]
STAGES = ["courtship", "sale", "honeymoon", "storm", "normalization", "support"]


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def date(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d")


def day(t):
    return t - t % 86400


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100000, help="clients (default 100000)")
    ap.add_argument("-o", default="bench-data", help="output folder (default ./bench-data)")
    a = ap.parse_args()
    rnd = random.Random(20261122)
    os.makedirs(a.o, exist_ok=True)

    def uid():
        return str(uuid.UUID(int=rnd.getrandbits(128), version=4))

    managers = [(i + 1, uid(), name) for i, name in enumerate(MANAGERS)]
    with open(os.path.join(a.o, "manager.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "uuid", "name", "name_fold", "email", "phone", "role", "status",
                    "capacity", "traits", "interests", "created"])
        for mid, mu, name in managers:
            w.writerow([mid, mu, name, name.lower(), "", "", "manager", "active", 50000, "[]",
                        "[]", EPOCH_NOW])

    files = {k: open(os.path.join(a.o, k + ".csv"), "w", newline="")
             for k in ("client", "contact", "interaction")}
    wr = {k: csv.writer(f, lineterminator="\n") for k, f in files.items()}
    wr["client"].writerow(["id", "uuid", "name", "name_fold", "kind", "segment", "tier",
                           "status", "stage", "stage_since", "owner_id", "contact_every",
                           "value", "traits", "interests", "tags", "note", "created",
                           "updated", "last_contact", "orders"])
    wr["contact"].writerow(["id", "uuid", "client_id", "name", "name_fold", "role", "phone",
                            "email", "is_key", "verified", "created"])
    wr["interaction"].writerow(["id", "client_id", "kind", "at", "author", "text", "outcome",
                                "amount", "created"])
    nd = open(os.path.join(a.o, "clients.ndjson"), "w")
    contact_id = interaction_id = 0
    for cid in range(1, a.n + 1):
        mid, mu, mname = managers[rnd.randrange(len(managers))]
        person = rnd.random() < 0.2
        if person:
            name = "%s %s %d" % (rnd.choice(FIRST), rnd.choice(LAST), cid)
        else:
            name = rnd.choice(FORMS).format("%s %d" % (rnd.choice(WORDS), cid))
        created = EPOCH_NOW - rnd.randrange(30, 900) * 86400
        stage_since = created + rnd.randrange(0, 20) * 86400
        tags = sorted(set(rnd.sample(["north", "south", "steel", "retail", "it", "food"], 2)))
        value = rnd.randrange(10000, 100000000)
        every = rnd.choice([7, 14, 30, 60, 90])
        note = "клиент %d: предпочитает звонки утром / prefers morning calls" % cid
        contacts, inters = [], []
        for k in range(2):
            contact_id += 1
            cname = "%s %s" % (rnd.choice(FIRST), rnd.choice(LAST))
            verified = day(created + rnd.randrange(0, 400) * 86400)
            contacts.append({
                "id": contact_id, "uuid": uid(), "name": cname, "role": rnd.choice(ROLES),
                "phone": "+7 9%02d %03d-%02d-%02d" % (rnd.randrange(100), rnd.randrange(1000),
                                                      rnd.randrange(100), rnd.randrange(100)),
                "email": "c%d@example.com" % contact_id, "key": k == 0,
                "verified": date(verified), "created": iso(created)})
            wr["contact"].writerow([contact_id, contacts[-1]["uuid"], cid, cname, cname.lower(),
                                    contacts[-1]["role"], contacts[-1]["phone"],
                                    contacts[-1]["email"], int(k == 0), verified, created])
        orders = 0
        last = 0
        for k in range(10):
            interaction_id += 1
            at = created + rnd.randrange(0, EPOCH_NOW - created)
            kind = rnd.choice(KINDS)
            orders += kind == "order"
            last = max(last, at)
            amount = rnd.randrange(100, 10000000)
            inters.append({"id": interaction_id, "kind": kind, "at": iso(at), "author": mname,
                           "text": rnd.choice(TEXTS), "outcome": "ok",
                           "amount": "%d.%02d" % divmod(amount, 100)})
            wr["interaction"].writerow([interaction_id, cid, kind, at, mname, inters[-1]["text"],
                                        "ok", amount, EPOCH_NOW])
        tier, status, stage = rnd.choice(TIERS), rnd.choice(STATUSES), rnd.choice(STAGES)
        rec = {"id": cid, "uuid": uid(), "name": name, "kind": "person" if person else "company",
               "segment": "b2b", "tier": tier, "status": status, "stage": stage,
               "stage_since": iso(stage_since), "owner": mname, "owner_uuid": mu,
               "contact_every": every, "value": "%d.%02d" % divmod(value, 100), "traits": [],
               "interests": [], "tags": tags, "note": note, "created": iso(created),
               "updated": iso(created), "contacts": contacts, "interactions": inters}
        nd.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
        wr["client"].writerow([cid, rec["uuid"], name, name.lower(), rec["kind"], "b2b", tier,
                               status, stage, stage_since, mid, every, value, "[]", "[]",
                               json.dumps(tags, separators=(",", ":")), note, created, created,
                               last, orders])
    nd.close()
    for f in files.values():
        f.close()


if __name__ == "__main__":
    main()
