#!/bin/sh
# load.sh: fills a fresh crm base (made by crm init) with the demo sales
# department.
#
#   demo/load.sh <crm> [<base>]      (the base: else $CRM_DB)
#
# Adds the six managers with their roles, traits and interests (the import
# would create them from the client records, but with a name and a uuid
# only), then imports demo/clients.ndjson: 25 clients, Russian and Latin,
# with key contacts, 18 months of interactions, promises, incidents and next
# actions, dated around 2026-11-22 (run it with CRM_NOW=2026-11-22T09:00:00Z
# for a base that looks as it should on that day); then the last month's
# orders, and the nightly audit of that month saved every other night.
set -eu
[ $# -ge 1 ] || { echo "usage: demo/load.sh <crm> [<base>]" >&2; exit 2; }
crm=$1
dir=$(dirname "$0")
if [ $# -ge 2 ]; then
	CRM_DB=$2
	export CRM_DB
fi
CRM_USER=${CRM_USER:-Анна Петрова}
export CRM_USER

add() { # name role capacity email phone [--trait T | --interest I]...
	name=$1 role=$2 cap=$3 email=$4 phone=$5
	shift 5
	"$crm" -q manager add --role "$role" --capacity "$cap" --email "$email" \
		--phone "$phone" "$@" "$name" >/dev/null
}

add "Анна Петрова" head 20 anna@example.ru "+7 495 100-00-01" \
	--trait calm --trait patient --interest theatre --interest chess
add "Борис Смирнов" manager 40 boris@example.ru "+7 495 100-00-02" \
	--trait energetic --trait sociable --interest fishing --interest football
add "Елена Соколова" manager 35 elena@example.ru "+7 495 100-00-03" \
	--trait patient --trait reserved --interest theatre --interest gardening
add "Дмитрий Волков" manager 40 dmitry@example.ru "+7 495 100-00-04" \
	--trait energetic --trait direct --interest football --interest hunting
add "John Miller" manager 30 john@example.com "+1 415 555 0001" \
	--trait calm --trait punctual --interest chess --interest sailing
add "Мария Лебедева" manager 30 maria@example.ru "+7 495 100-00-06" \
	--trait reserved --trait careful --interest fishing --interest theatre
"$crm" -q manager edit --status vacation "Мария Лебедева"
"$crm" -q client import "$dir/clients.ndjson"

# the last month's orders, each written by the manager who took it: the
# figures of crm audit managers and sources, and of crm report
order() { # manager client time amount text
	"$crm" -q --as "$1" note --kind order --at "$3" --amount "$4" "$2" "$5" >/dev/null
}
order "Анна Петрова" "Umbrella Pharma" 2026-10-28T11:30 1850000 "Заказ на квартал: упаковка для аптек"
order "Анна Петрова" "ООО «Ромашка»" 2026-11-12T15:00 420000 "Посуда для нового зала"
order "Борис Смирнов" "АО «Северсталь-Сервис»" 2026-11-03T10:00 2700000 "Спецодежда: вторая партия по договору"
order "Борис Смирнов" "Пекарня «Колосок»" 2026-11-17T12:40 96000 "Формы и противни"
order "John Miller" "Globex GmbH" 2026-11-05T16:20 1300000 "Annual service contract renewal"
order "John Miller" "Stark Industries" 2026-11-19T09:45 640000 "Spare parts, express delivery"
order "Дмитрий Волков" "ООО «Полюс»" 2026-11-10T14:10 980000 "Оборудование для склада"
order "Елена Соколова" "ИП Петрова Е.А." 2026-11-14T11:00 75000 "Канцелярия на полгода"

# the nightly audit, saved every other night of the last month, as cron
# would run it: the trend of crm audit history and of crm report
now=$(date -u -d "${CRM_NOW:-now}" +%s)
n=28
while [ $n -ge 0 ]; do
	day=$(date -u -d "@$((now - n * 86400))" +%Y-%m-%d)
	"$crm" -q audit --save --as-of "$day" >/dev/null
	n=$((n - 2))
done
