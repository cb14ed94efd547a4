#!/bin/sh
# t6400-output-schemas: the JSON of every command is what crm-output(7)
# documents: each record's keys, no more, no fewer, in the page's order.
# Every command of crm's table is checked here, or named as one that
# prints no record.
. "$SRCDIR/tests/cli/lib.sh"

page="$SRCDIR/man/crm-output.7.scd"
schemas() {
	/usr/bin/python3 "$SRCDIR/tests/cli/output-schemas.py" "$page" "$@"
}

test_ok 'a base with a bit of everything' '
	crm --json init --zone Europe/Moscow >init.json &&
	crm -q manager add Head --role head --email head@example.ru &&
	crm -q manager add Анна --trait calm --email anna@example.ru &&
	crm -q manager add Борис &&
	crm -q client add Acme --owner Анна --status active --tier key --tag опт &&
	crm -q client add Beta --owner Анна --status active &&
	crm -q client add Gamma --owner Борис --status active &&
	crm -q contact add --key --phone "+7 495 123-45-67" Acme "Иван Петров" &&
	crm -q contact add --key --phone "+7 495 765-43-21" Beta "Пётр Сидоров" &&
	crm -q contact add --email gleb@example.ru Gamma "Глеб Орлов" &&
	crm -q note --kind order --amount 1000 Acme "первый заказ" &&
	crm -q promise add --kind discount --due +30d Acme "скидка 5%" &&
	crm -q promise add Beta "перезвонить" &&
	crm -q incident add Acme "опоздали" &&
	crm -q incident add Beta "перепутали счёт" &&
	crm -q next add --due +3d Acme "позвонить" &&
	crm -q next add --due +5d Beta "встреча" &&
	crm -q next move --due +4d --reason "просили" 1 &&
	crm -q audit --save >/dev/null &&
	CRM_NOW=2026-11-23T10:00:00Z crm -q audit --save >/dev/null &&
	crm -q vip program start --lead Head --staff Анна "VIP 2026" &&
	crm -q vip assign --apply >/dev/null &&
	echo "{\"cooperation.rating\": \"хорошо\", \"quality.outage\": false}" >a.json &&
	crm -q --as Анна vip survey --answers a.json Acme >/dev/null
'
brief="Клиент давний и спокойный, заказывает каталоги каждый квартал, любит звонки по утрам. \
Директор Иван Петров решает сам, бухгалтер Ольга отвечает за счета и сверки. \
Обещали скидку пять процентов на весну, инцидент с опозданием закрыт извинением. \
Следующий шаг: позвонить директору, обсудить летний заказ и новые условия доставки."

# crm check --full of a base where a client's owner is no manager: a copy
# of the file on SQLite; on PostgreSQL, which keeps its foreign keys, the
# base itself with its triggers off for the change (the superuser's
# session_replication_role), set right again after
damaged_check() {
	if backend_is postgresql; then
		_owner=$($SQLX crm.db "SELECT owner_id FROM client WHERE name = 'Acme'") &&
			$SQLX crm.db "SET session_replication_role = replica; UPDATE client SET owner_id = 99 WHERE name = 'Acme'" &&
			{ crm --json check --full; _rc=$?; } &&
			$SQLX crm.db "SET session_replication_role = replica; UPDATE client SET owner_id = $_owner WHERE name = 'Acme'" &&
			test "$_rc" = 1
	else
		cp crm.db damaged.db &&
			$SQLX damaged.db "PRAGMA foreign_keys = OFF; UPDATE client SET owner_id = 99 WHERE name = 'Acme'" &&
			{ crm --db damaged.db --json check --full; test $? = 1; }
	fi
}

# command <TAB> the sections of its record (+: one after the other; nested
# KEY=SECTION;...: the objects of an array) <TAB> the command line
cat >map <<\EOF
init	crm init	cat init.json
config get	crm config list, crm config get	crm --json config get time.zone
config list	crm config list, crm config get	crm --json config list
journal	crm journal	crm --json journal --limit 5
manager add	crm manager add, list, show	crm --json manager add Вера
manager list	crm manager add, list, show	crm --json manager list
manager show	crm manager add, list, show	crm --json manager show Анна
client add	crm client add, list, edit	crm --json client add Delta
client edit	crm client add, list, edit	crm --json client edit --segment HoReCa Delta
client list	crm client add, list, edit	crm --json client list
client show	crm client add, list, edit+crm client show nested contacts=crm contact add, list;promises=crm promise add, list, keep, break;incidents=crm incident add, list, resolve;next_actions=crm next add, list, done, move;interactions=crm note	crm --json client show Acme
client find	crm client find	crm --json client find Петров
client export	crm client export	crm --format ndjson client export Acme
contact add	crm contact add, list	crm --json contact add --email o@example.ru Beta "Ольга"
contact list	crm contact add, list	crm --json contact list
contact export	crm contact add, list	crm --json contact export Acme
note	crm note	crm --json note Beta "звонок"
log	crm log	crm --json log Acme
promise add	crm promise add, list, keep, break	crm --json promise add Gamma "каталог"
promise list	crm promise add, list, keep, break	crm --json promise list
promise keep	crm promise add, list, keep, break	crm --json promise keep 1
promise break	crm promise add, list, keep, break	crm --json promise break --why "забыли" 2
incident add	crm incident add, list, resolve	crm --json incident add Gamma "грубость"
incident list	crm incident add, list, resolve	crm --json incident list
incident resolve	crm incident add, list, resolve	crm --json incident resolve --how "извинились" 1
next add	crm next add, list, done, move	crm --json next add --due +2d Gamma "письмо"
next list	crm next add, list, done, move	crm --json next list
next move	crm next add, list, done, move	crm --json next move --due +6d --reason "отпуск" 2
next done	crm next add, list, done, move	crm --json next done 3
next show	crm next add, list, done, move+crm next show nested moves=crm next show: a move	crm --json next show 1
handover	crm handover	crm --json handover Gamma --to Анна --reason refresh --brief "$brief" --next "позвонить" --due +2d
handover list	crm handover	crm --json handover list
handover show	crm handover+crm handover show	crm --json handover show 1
handover accept	crm handover	crm --json --as Анна handover accept 1
handover notice	crm handover notice	crm --json handover notice 1
handover suggest	crm handover suggest	crm --json handover suggest Beta
handover plan	crm handover plan	crm --json handover plan --from Анна --reason vacation --until +10d
handover decline	crm handover	crm -q handover Beta --to Борис --reason refresh --brief "$brief" --next "письмо" --due +2d >/dev/null && crm --json --as Борис handover decline --why "занят" 2
handover cancel	crm handover	crm -q handover Beta --to Борис --reason refresh --brief "$brief" --next "письмо" --due +2d >/dev/null && crm --json handover cancel 3
audit	crm audit	crm --json audit
audit finding	crm audit: a finding	crm --format ndjson audit
audit rules	crm audit rules	crm --json audit rules
audit managers	crm audit managers	crm --json audit managers
audit sources	crm audit sources	crm --json audit sources
audit clients	crm audit clients	crm --json audit clients
audit digest	crm audit digest	crm --json audit digest
audit history	crm audit history	crm --json audit history
audit history --runs	crm audit history --runs	crm --json audit history --runs
vip program list	crm vip program	crm --json vip program list
vip program show	crm vip program+crm vip program show nested items=crm vip list	crm --json vip program show
vip list	crm vip list	crm --json vip list
vip assign	crm vip assign	crm --json vip assign
vip survey	crm vip survey	crm --json --as Анна vip survey --answers a.json Beta
vip survey show	crm vip survey show	crm --json vip survey show 1
vip template print	crm vip template print	crm --json vip template print
vip report	crm vip report	crm --json vip report
report	crm report nested health=crm report health;findings=crm report findings;findings.rules=crm report findings rules;findings.assignees=crm report findings assignees;findings.assignees.rules=crm report findings cells;managers=crm audit managers;clients=crm audit clients;sources=crm audit sources;vip=crm report vip;vip.coverage=crm report vip coverage	crm --json report --since 2026-11-01
vip program close	crm vip program	crm --json vip program close --force
check	crm check	damaged_check
backup	crm backup	crm --json backup b.db
restore	crm restore	crm --json restore --yes b.db
client farewell	crm client farewell	crm --json client farewell --force --reason "не платит" Gamma
client export --subject	crm client export --subject	crm client export --subject Beta
client erase	crm client erase	crm --json client erase --yes --reason "запрос" Beta
hooks list	crm hooks list	mkdir -p xdg/crm/hooks && printf "#!/bin/sh\\nexit 0\\n" >xdg/crm/hooks/post-note && chmod +x xdg/crm/hooks/post-note && XDG_CONFIG_HOME=$PWD/xdg crm --json hooks list
EOF

while IFS='	' read -r name spec cmd; do
	test_ok "$name: the keys of crm-output(7), $spec" '
		eval "$cmd" >json 2>err || { cat err; false; } &&
		schemas check "$spec" json
	'
done <map

# what prints no record: nothing, the text of a form, or help
cat >none <<\EOF
client import
config set
config unset
contact edit
contact import
contact remove
contact verify
handover template
help
manager edit
scrub
version
vip program start
vip template set
vip template show
EOF

test_ok 'every command of crm is checked above or prints no record' '
	crm __complete --commands | cut -f1 | sort >commands &&
	{ cut -f1 map | sed "s/ --runs\$//; s/ finding\$//; s/ --subject\$//"; cat none; } |
		sort -u >known &&
	comm -23 commands known >unchecked &&
	test_empty unchecked &&
	comm -13 commands known >gone &&
	test_empty gone
'

test_ok 'what prints no record prints no JSON' '
	expect_code 0 crm --json config set audit.storm.days 20 &&
	test_empty out &&
	expect_code 0 crm --json config unset audit.storm.days &&
	test_empty out
'

test_done
