#!/bin/sh
# t9100-complete-names: crm __complete, the candidates every shell script
# inserts as they are: names matched as references resolve (case-folded,
# ё as е, by the start of any word of the name, the word given unquoted
# with its spaces, quotes and «»), managers for every option that takes
# one and for --as, contacts, the values of enumerated options, field
# names for --fields, and the base named by --db on the line.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')

# the candidates only, without their descriptions
cands() {
	"$CRM" __complete "$@" >out 2>err && cut -f1 out >cands
}

test_ok 'setup: managers, clients and contacts with Russian names' '
	crm -q init >/dev/null &&
	crm -q manager add "Вера Лебедева" >/dev/null &&
	crm -q manager add "Анна Смирнова" >/dev/null &&
	crm -q manager add "Вениамин Котов" --role head >/dev/null &&
	crm -q client add "ООО «Ромашка»" >/dev/null &&
	crm -q client add "Ромб" >/dev/null &&
	crm -q client add "АО \"Ёлки-палки\"" >/dev/null &&
	crm -q client add "O'"'"'Brien & Sons" >/dev/null &&
	crm -q client add "Acme Corp" >/dev/null &&
	crm -q contact add "ООО «Ромашка»" "Иван Петров" >/dev/null &&
	crm -q contact add "Acme Corp" "Пётр Иванов" >/dev/null &&
	crm -q --db other.db init >/dev/null &&
	crm -q --db other.db client add "Другой клиент" >/dev/null
'

test_ok 'a name prefix, case-folded' '
	cands client show ооо &&
	test_file_is cands "ООО «Ромашка»" &&
	cands client show ООО &&
	test_file_is cands "ООО «Ромашка»" &&
	cands client show acme &&
	test_file_is cands "Acme Corp"
'

test_ok 'the start of any word of the name, as a reference resolves' '
	cands client show ром &&
	test_file_is cands "ООО «Ромашка»
Ромб" &&
	cands client show ромаш &&
	test_file_is cands "ООО «Ромашка»" &&
	cands client show палки &&
	test_file_is cands "АО \"Ёлки-палки\"" &&
	cands client show sons &&
	test_file_is cands "O'"'"'Brien & Sons"
'

test_ok 'the middle of a word is no match (nor is it for a reference)' '
	cands client show омаш &&
	test_empty cands &&
	expect_code 3 crm client show омаш
'

test_ok 'ё and е are one letter' '
	cands client show елки &&
	test_file_is cands "АО \"Ёлки-палки\"" &&
	cands client show "АО \"ЁЛ" &&
	test_file_is cands "АО \"Ёлки-палки\""
'

test_ok 'the word as the command sees it: spaces, quotes and «» inside' '
	cands client show "ООО «Р" &&
	test_file_is cands "ООО «Ромашка»" &&
	cands client show "ООО «Ромашка»" &&
	test_file_is cands "ООО «Ромашка»" &&
	cands client show "O'"'"'b" &&
	test_file_is cands "O'"'"'Brien & Sons" &&
	cands client show "ООО «Рома»" &&
	test_empty cands
'

test_ok 'every candidate comes with its description after a tab' '
	"$CRM" __complete client show ромаш >out &&
	test_file_is out "ООО «Ромашка»${T}regular" &&
	"$CRM" __complete client list --owner вен >out &&
	test_file_is out "Вениамин Котов${T}head"
'

test_ok 'managers for --owner, --to, --assignee, --from, --mentor, --lead, --staff' '
	cands client list --owner ве &&
	test_file_is cands "Вениамин Котов
Вера Лебедева" &&
	cands client add X --owner лебед &&
	test_file_is cands "Вера Лебедева" &&
	cands handover Acme --to ан &&
	test_file_is cands "Анна Смирнова" &&
	cands handover list --from смир &&
	test_file_is cands "Анна Смирнова" &&
	cands next add Acme "позвонить" --assignee котов &&
	test_file_is cands "Вениамин Котов" &&
	cands audit --assignee вер &&
	test_file_is cands "Вера Лебедева" &&
	cands manager add Новый --trainee --mentor вер &&
	test_file_is cands "Вера Лебедева" &&
	cands vip program start --lead котов &&
	test_file_is cands "Вениамин Котов" &&
	cands vip program start --staff ан &&
	test_file_is cands "Анна Смирнова" &&
	cands vip program start --staff "Вера Лебедева,ан" &&
	test_file_is cands "Вера Лебедева,Анна Смирнова" &&
	cands vip program start --lead "Вера Лебедева,ан" &&
	test_empty cands &&
	cands client list --owner "" &&
	test_file_is cands "Анна Смирнова
Вениамин Котов
Вера Лебедева"
'

test_ok 'managers for the global --as, before the command and after it' '
	cands --as вер &&
	test_file_is cands "Вера Лебедева" &&
	cands client list --as анна &&
	test_file_is cands "Анна Смирнова"
'

test_ok 'contacts where a contact is expected, folded' '
	cands contact edit пет &&
	sort cands >sorted &&
	test_file_is sorted "Иван Петров
Пётр Иванов" &&
	cands contact verify иван &&
	sort cands >sorted &&
	test_file_is sorted "Иван Петров
Пётр Иванов" &&
	cands contact remove "Иван П" &&
	test_file_is cands "Иван Петров"
'

test_ok 'the values of enumerated options, matched with the word' '
	cands client add X --tier "" &&
	test_file_is cands "vip
key
regular" &&
	cands client add X --tier V &&
	test_file_is cands "vip" &&
	cands note Acme --kind co &&
	test_file_is cands "complaint
conflict" &&
	cands contact add Acme Имя --gender "" &&
	test_grep "f" cands && test_grep "m" cands &&
	cands init --language "" &&
	test_grep "ru" cands && test_grep "en" cands &&
	cands promise add Acme x --kind "" &&
	test -s cands
'

test_ok '--format and --color values, before the command and after it' '
	cands --format "" &&
	test_file_is cands "table
json
ndjson
csv
tsv" &&
	cands client list --format nd &&
	test_file_is cands "ndjson" &&
	cands client export --format "" &&
	test_file_is cands "ndjson
json
csv" &&
	cands --color a &&
	test_file_is cands "auto
always" &&
	cands client list --color n &&
	test_file_is cands "never"
'

test_ok 'options are matched with the word too' '
	cands client list --ow &&
	test_file_is cands "--owner" &&
	cands client list --js &&
	test_file_is cands "--json" &&
	cands --v &&
	test_file_is cands "--version" &&
	cands cl &&
	test_file_is cands "client"
'

test_ok '--fields: the columns of the command on the line' '
	cands client list --fields "" &&
	test_grep "owner_id" cands &&
	test_grep "last_contact" cands &&
	cands client list --fields na &&
	test_file_is cands "name" &&
	cands journal --fields a &&
	test_file_is cands "at
actor
action"
'

test_ok '--fields: after a comma, the next field, not one already there' '
	cands client list --fields name,ow &&
	test_file_is cands "name,owner
name,owner_id" &&
	cands client list --fields owner,name,o &&
	test_file_is cands "owner,name,owner_id
owner,name,orders" &&
	cands client list --fields uuid,owner_id,id,o &&
	test_file_is cands "uuid,owner_id,id,owner
uuid,owner_id,id,orders" &&
	cands client list --fields uuid,i &&
	test_file_is cands "uuid,id
uuid,interests" &&
	cands client show Acme --fields id,n &&
	test_file_is cands "id,name
id,next_due
id,note"
'

test_ok '--fields: nothing for a command that would write, and nothing written' '
	cands client erase Acme --fields "" &&
	test_empty cands &&
	cands backup copy.db --fields "" &&
	test_empty cands &&
	! test -e copy.db &&
	crm client show Acme >/dev/null
'

test_ok 'only the first positional has names; option values are no positionals' '
	cands client list --owner Вера "" &&
	test_empty cands &&
	cands client show --db other.db "" &&
	test_file_is cands "Другой клиент" &&
	cands contact add Acme "" &&
	test_empty cands &&
	cands log --since 2026-01-01 acm &&
	test_file_is cands "Acme Corp"
'

test_ok 'the base named by --db on the line' '
	cands --db other.db client show д &&
	test_file_is cands "Другой клиент" &&
	cands --db=other.db client show "" &&
	test_file_is cands "Другой клиент" &&
	cands client show --db other.db д &&
	test_file_is cands "Другой клиент" &&
	cands client show д &&
	test_empty cands &&
	cands --db other.db client show "Другой клиент" --fields na &&
	test_file_is cands "name" &&
	cands --db missing.db client list --fields na &&
	test_empty cands
'

test_ok 'a leading ~/ of --db is the home folder' '
	cp other.db "$HOME/home.db" &&
	cands --db "~/home.db" client show д &&
	test_file_is cands "Другой клиент"
'

test_ok 'no base, or a missing one: no names, no error, exit 0' '
	expect_code 0 crm __complete --db missing.db client show "" &&
	test_empty out &&
	test_empty err &&
	! test -e missing.db &&
	CRM_DB=$PWD/none.db expect_code 0 crm __complete client show "" &&
	test_empty out
'

test_ok 'the descriptions in Russian under ru_RU.UTF-8' '
	LC_ALL=ru_RU.UTF-8 "$CRM" __complete client list --own >out &&
	test_file_is out "--owner${T}клиенты этого менеджера" &&
	LC_ALL=ru_RU.UTF-8 "$CRM" __complete contact edit X --no-k >out &&
	test_file_is out "--no-key${T}противоположность --key" &&
	"$CRM" __complete contact edit X --no-k >out &&
	test_file_is out "--no-key${T}the opposite of --key"
'

test_done
