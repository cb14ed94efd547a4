# complete-lib.sh: what the completion tests of the three shells share
# (t9101 bash, t9102 zsh, t9103 fish). Source it after lib.sh.
#
#   complete_setup      a base with Russian names, quotes and «», and a
#                       second base other.db; bin/crm on PATH: the real crm
#                       for 'crm __complete', else it prints the arguments
#                       it got as ARG[...] lines and END-OF-ARGS
#   typed KEYS... -- SHELL ARGS...
#                       types KEYS into SHELL on a pseudo-terminal (its
#                       prompt must be "READY> "); the ARG lines of the
#                       command it ran go to ./args

complete_setup() {
	crm -q init >/dev/null &&
	crm -q manager add "Вера Лебедева" >/dev/null &&
	crm -q manager add "Анна Смирнова" >/dev/null &&
	crm -q client add "ООО «Ромашка»" >/dev/null &&
	crm -q client add "Ромб" >/dev/null &&
	crm -q client add "АО \"Ёлки-палки\"" >/dev/null &&
	crm -q client add "O'Brien & Sons" >/dev/null &&
	crm -q client add "Acme Corp" >/dev/null &&
	crm -q --db other.db init >/dev/null &&
	crm -q --db other.db client add "Другой клиент" >/dev/null &&
	mkdir -p bin &&
	cat >bin/crm <<-EOF &&
	#!/bin/sh
	if test "\$1" = __complete; then exec "$CRM" "\$@"; fi
	for a; do printf 'ARG[%s]\n' "\$a"; done
	echo END-OF-ARGS
	EOF
	chmod +x bin/crm
}

PATH=$PWD/bin:$PATH
export PATH

typed() {
	/usr/bin/python3 "$SRCDIR/tests/helpers/pty-type.py" 'READY> ' END-OF-ARGS "$@" \
		>transcript 2>&1
	_rc=$?
	grep -ao 'ARG\[.*\]$' transcript >args
	if test $_rc -ne 0; then
		echo "# the shell did not finish; its terminal showed:" >&2
		sed 's/^/#   /' transcript >&2
	fi
	return $_rc
}
