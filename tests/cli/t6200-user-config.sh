#!/bin/sh
# t6200-user-config: the user's own config file, $XDG_CONFIG_HOME/crm/config
# (default ~/.config/crm/config), in git-config syntax: what crm reads from
# it (user.name, core.db, core.pager, core.hooksPath, hooks.timeout, alias.*),
# a broken line named with its file and number (exit 65), and crm config
# --global get|set|unset|list, which rewrites only the line concerned.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')
CFG=$HOME/.config/crm/config
unset CRM_USER

cfg() {
	mkdir -p "$HOME/.config/crm" &&
	cat >"$CFG"
}

test_ok 'setup: a base with two managers' '
	crm -q init >/dev/null &&
	crm -q manager add "Вера Лебедева" >/dev/null &&
	crm -q manager add "Борис Орлов" >/dev/null
'

test_ok 'no file: nothing read, nothing created by reading' '
	expect_code 0 crm config --global list &&
	test_empty err &&
	test_empty out &&
	expect_code 1 crm config --global get user.name &&
	test_empty out && test_empty err &&
	test ! -e "$HOME/.config"
'

test_ok 'the syntax of git: sections, case, comments, quotes, escapes, continuation' '
	cfg <<-\EOF &&
	# a comment
	; another
	[User]
		NAME = "Вера"  # the name
	[core]
	   pager = "less  -R" ; two spaces kept inside quotes
	   HooksPath = ~/hooks
	[alias]
		mine = client list \
	--mine
		q = "say \"hi\"\there\\now\n"
		flag
	EOF
	expect_code 0 crm --format tsv config --global list &&
	test_empty err &&
	printf "key${T}value${T}line\nuser.name${T}Вера${T}4\ncore.pager${T}less  -R${T}6\ncore.hooksPath${T}~/hooks${T}7\nalias.mine${T}client list --mine${T}9\nalias.q${T}say \"hi\"\\\\there\\\\\\\\now\\\\n${T}11\nalias.flag${T}true${T}12\n" >want &&
	cmp want out &&
	expect_code 0 crm config --global get alias.q &&
	printf "say \"hi\"\there\\\\now\n\n" >want &&
	cmp want out &&
	expect_code 0 crm config --global get core.hookspath &&
	test_file_is out "~/hooks"
'

test_ok 'a subsection keeps its case, section and key names do not' '
	cfg <<-\EOF &&
	[Remote "Origin"]
		URL = x
	[ALIAS]
		Mine = client list --mine
	EOF
	expect_code 0 crm --format csv --fields key,value config --global list &&
	test_file_is out "key,value
remote.Origin.url,x
alias.mine,client list --mine"
'

test_ok 'a byte order mark at the start is skipped, as git does' '
	printf "\357\273\277[alias]\n\tx = client list\n" >"$CFG" &&
	expect_code 0 crm config --global get alias.x &&
	test_file_is out "client list" &&
	rm "$CFG"
'

test_ok 'a broken line: the file and the line named, exit 65, nothing runs' '
	for bad in "[user" "[user \"x]" "name = v" "[user]\n\tname = \"open" \
		    "[user]\n\t9name = v" "[user]\n\tname v" "[user]\n\tname = a\\\\q"; do
		printf "# ok\n$bad\n" >"$CFG" &&
		line=$(wc -l <"$CFG") &&
		expect_code 65 crm config set company.name x &&
		test_empty out &&
		test_grep "error: bad config line $line in file $CFG" err &&
		test_grep "hint: " err &&
		test "$(crm --as x journal --limit 100 2>/dev/null | wc -l)" = 0 || return 1
	done &&
	rm "$CFG" &&
	expect_code 1 crm config get company.name
'

test_ok 'a line that continues past the end of the file is broken too' '
	printf "[user]\n\tname = a \\\\" >"$CFG" &&
	expect_code 65 crm journal &&
	test_grep "bad config line 2 in file $CFG" err &&
	rm "$CFG"
'

test_ok 'an unreadable file: exit 66, named' '
	test "$(id -u)" = 0 && return 0
	printf "[user]\n\tname = x\n" >"$CFG" &&
	chmod 000 "$CFG" &&
	expect_code 66 crm journal &&
	test_grep "cannot read the config file $CFG" err &&
	chmod 600 "$CFG" && rm "$CFG"
'

test_ok 'set creates the folder 0700 and the file 0600, with the key in its section' '
	rm -r "$HOME/.config" &&
	umask 022 &&
	expect_code 0 crm config --global set user.name "Вера" &&
	test_empty out && test_empty err &&
	test "$(file_mode "$HOME/.config")" = 700 &&
	test "$(file_mode "$HOME/.config/crm")" = 700 &&
	test "$(file_mode "$CFG")" = 600 &&
	test_file_is "$CFG" "[user]
${T}name = Вера" &&
	test ! -e "$CFG.lock"
'

test_ok 'set and unset rewrite only their line: comments, order and spacing stay' '
	cfg <<-\EOF &&
	# my crm
	[user]
	    name = Вера   ; me
	[alias]
		mine = client list --mine  # mine

	# the end
	EOF
	expect_code 0 crm config set --global user.name "Борис Орлов" &&
	expect_code 0 crm config --global set alias.due "next list --due today" &&
	expect_code 0 crm config --global set core.pager "less -S # wide" &&
	expect_code 0 crm config --global unset alias.mine &&
	printf "%s\n" "# my crm" "[user]" "    name = Борис Орлов" "[alias]" \
		"${T}due = next list --due today" "" "# the end" "[core]" \
		"${T}pager = \"less -S # wide\"" >want &&
	cmp want "$CFG" &&
	expect_code 0 crm config --global get core.pager &&
	test_file_is out "less -S # wide"
'

test_ok 'set: values that need quotes and escapes come back the same' '
	v=$(printf " two  spaces \"q\" back\\\\slash\ttab ;semi ") &&
	expect_code 0 crm config --global set alias.odd "$v" &&
	expect_code 0 crm config --global get alias.odd &&
	test "$(cat out)" = "$v"
'

test_ok 'set: a key on the line of its header, the last of several values' '
	printf "[user] name = a\n[user]\n\tname = b\n" >"$CFG" &&
	expect_code 0 crm config --global get user.name &&
	test_file_is out b &&
	expect_code 0 crm config --global set user.name c &&
	test_file_is "$CFG" "[user] name = a
[user]
${T}name = c" &&
	expect_code 0 crm config --global unset user.name &&
	test_file_is "$CFG" "[user]
[user]" &&
	expect_code 3 crm config --global unset user.name &&
	test_grep "user.name is not set in $CFG" err
'

test_ok 'set: only the keys of the file; the base'\''s keys are refused' '
	cp "$CFG" before &&
	expect_code 2 crm config --global set audit.storm.days 3 &&
	test_grep "audit.storm.days is a setting of the base" err &&
	test_grep "crm config set audit.storm.days" err &&
	expect_code 2 crm config --global set no.such x &&
	test_grep "unknown key '\''no.such'\'' for your config file" err &&
	expect_code 2 crm config --global set alias.9x "client list" &&
	expect_code 2 crm config --global set hooks.timeout 0 &&
	test_grep "from 1 to 3600" err &&
	expect_code 2 crm config --global set core.db relative/crm.db &&
	test_grep "not an absolute path" err &&
	expect_code 2 crm config --global set core.pager "" &&
	expect_code 2 crm config --global set user.name "$(printf "a\nb")" &&
	test_grep "invalid identity" err &&
	cmp before "$CFG"
'

test_ok 'set follows a symlinked file and keeps its mode' '
	mkdir -p dots &&
	printf "[user]\n\tname = a\n" >dots/crm-config &&
	chmod 640 dots/crm-config &&
	rm -f "$CFG" &&
	ln -s "$PWD/dots/crm-config" "$CFG" &&
	expect_code 0 crm config --global set user.name b &&
	test -L "$CFG" &&
	test_file_is dots/crm-config "[user]
${T}name = b" &&
	test "$(file_mode dots/crm-config)" = 640 &&
	rm "$CFG"
'

test_ok 'a lock left by another crm: exit 75, the file untouched' '
	printf "[user]\n\tname = a\n" >"$CFG" &&
	: >"$CFG.lock" &&
	expect_code 75 crm config --global set user.name b &&
	test_grep "$CFG.lock" err &&
	test_file_is "$CFG" "[user]
${T}name = a" &&
	rm "$CFG.lock"
'

test_ok '--global needs no base' '
	expect_code 0 crm --db "$PWD/none.db" config --global set alias.x "client list" &&
	expect_code 0 crm --db "$PWD/none.db" config --global get alias.x &&
	test_file_is out "client list" &&
	test ! -e none.db
'

test_ok 'XDG_CONFIG_HOME is honoured; a relative one is ignored' '
	mkdir -p xdg/crm &&
	printf "[user]\n\tname = xdg-user\n" >xdg/crm/config &&
	XDG_CONFIG_HOME=$PWD/xdg crm config --global get user.name >got &&
	test_file_is got xdg-user &&
	XDG_CONFIG_HOME=$PWD/xdg crm config --global set user.name other &&
	test_file_is xdg/crm/config "[user]
${T}name = other" &&
	XDG_CONFIG_HOME=xdg crm config --global get user.name >got &&
	test_file_is got a
'

test_ok 'core.db: after --db and CRM_DB, before XDG_DATA_HOME; ~/ is the home' '
	crm -q --db "$HOME/other.db" init >/dev/null &&
	crm -q --db "$HOME/other.db" client add "Из другой базы" >/dev/null &&
	expect_code 0 crm config --global set core.db "~/other.db" &&
	(unset CRM_DB && crm --format csv --fields name client list) >got &&
	test_file_is got "name
Из другой базы" &&
	crm --format csv --fields name client list >got &&
	test_file_is got "name" &&
	(CRM_DB= && export CRM_DB && XDG_DATA_HOME=$PWD/xdg-data && export XDG_DATA_HOME &&
	 crm --format csv --fields name client list) >got &&
	test_file_is got "name
Из другой базы" &&
	expect_code 0 crm config --global unset core.db &&
	(unset CRM_DB && XDG_DATA_HOME=$PWD/xdg-data && export XDG_DATA_HOME &&
	 expect_code 3 crm client list && test_grep "$PWD/xdg-data/crm/crm.db" err)
'

test_ok 'core.pager, core.hooksPath, hooks.timeout: the base'\''s value wins, the file is the fallback' '
	expect_code 0 crm config --global set hooks.timeout 42 &&
	expect_code 0 crm config --global get hooks.timeout &&
	test_file_is out 42 &&
	expect_code 0 crm config set hooks.timeout 7 &&
	expect_code 0 crm config get hooks.timeout &&
	test_file_is out 7
'

test_ok 'only the user keys are read: a team rule in the file changes nothing' '
	printf "[audit \"storm\"]\n\tdays = 1\n[user]\n\tname = x\n" >"$CFG" &&
	expect_code 0 crm config get audit.storm.days &&
	test_file_is out 30 &&
	expect_code 2 crm config --global get audit.storm.days &&
	test_grep "setting of the base" err
'

test_ok 'the base'\''s config says where the user'\''s keys went' '
	expect_code 2 crm config get user.name &&
	test_grep "user.name is not a setting of the base" err &&
	test_grep "crm config --global" err &&
	expect_code 2 crm config set core.db /x &&
	test_grep "core.db is not a setting of the base" err
'

test_ok 'Russian: the broken line and the refusals are translated' '
	printf "[user\n" >"$CFG" &&
	LC_ALL=ru_RU.UTF-8 expect_code 65 crm journal &&
	test_grep "строке 1" err &&
	test_grep "$CFG" err &&
	rm "$CFG" &&
	LC_ALL=ru_RU.UTF-8 expect_code 2 crm config --global set audit.storm.days 3 &&
	! test_grep "setting of the base" err
'

test_done
