# fish completion for crm(1). A thin layer over 'crm __complete <words...>',
# which prints the candidates for its last word as "word<TAB>description"
# lines (the format fish reads), from the same tables that drive crm
# itself. The static list below is used only when crm cannot answer (not
# on PATH, or too old); tests/cli/t9000-docs.sh checks that it names every
# command of crm's command table.

# commands: "path:description", one per command of crm's table that runs: a line
# of 'crm __complete --commands' each, with its tab turned into a colon
set -g __crm_commands \
    'audit:revise the base: findings, scorecards, health, digest, trend' \
    'audit clients:client health, the lowest first' \
    'audit digest:one text per person who must act, for cron to mail' \
    'audit history:the trend per rule over saved runs' \
    'audit managers:a scorecard per manager' \
    'audit rules:every rule, its severity and thresholds' \
    'audit sources:new clients, orders and revenue per source' \
    'backup:write a consistent copy of the base to a file' \
    'check:check the base for damage and broken rules' \
    'client add:register a client' \
    'client edit:change a client sheet' \
    'client erase:erase the personal data of a client (an act of destruction)' \
    'client export:write clients as NDJSON or CSV' \
    'client farewell:end a relationship no longer worth keeping' \
    'client find:search names, notes, contacts and interactions' \
    'client import:read clients from NDJSON or CSV' \
    'client list:list clients' \
    'client show:show the whole client sheet' \
    'config get:print the value of a setting' \
    'config list:list every known setting and its value' \
    'config set:store a setting in the base' \
    'config unset:remove a stored setting' \
    'contact add:add a contact person at a client' \
    'contact edit:change a contact' \
    'contact export:write contacts as vCards for an address book' \
    'contact import:add or update the contacts of a client from vCards' \
    'contact list:list contacts' \
    'contact remove:remove a contact' \
    'contact verify:record that the contact data was confirmed' \
    'handover:pass a client to another manager; show, accept, decline, cancel, notice, list, suggest, plan, template' \
    'handover accept:take the client over' \
    'handover cancel:withdraw a pending handover' \
    'handover decline:refuse a pending handover' \
    'handover list:list handovers' \
    'handover notice:print the client notice, or record it sent' \
    'handover plan:hand over a manager\'s clients in bulk' \
    'handover show:show a handover and its dossier' \
    'handover suggest:rank the managers who fit a client' \
    'handover template:print the briefing skeleton to fill in' \
    'help:show help for crm or a command' \
    'hooks list:show the hooks that would run, and where' \
    'incident add:record a misunderstanding, mishap or conflict' \
    'incident list:list incidents' \
    'incident resolve:record how an incident was resolved' \
    'init:create a new base' \
    'journal:list the journal of changes' \
    'log:a client\'s timeline, newest first' \
    'manager add:register a manager' \
    'manager edit:change a manager' \
    'manager list:list managers and their load' \
    'manager show:show one manager' \
    'next add:schedule the next action for a client' \
    'next done:mark a next action done' \
    'next list:list next actions' \
    'next move:move a next action to another day or time, with a reason' \
    'next show:show a next action and its moves' \
    'note:record an interaction with a client' \
    'promise add:record a promise, guarantee, discount, doubt or risk' \
    'promise break:record that a promise was broken' \
    'promise keep:record that a promise was kept' \
    'promise list:list promises' \
    'report:the report for the head of sales: one HTML page of charts and figures' \
    'restore:replace the base with a backup' \
    'scrub:finish an erasure: clear erased data from the files' \
    'version:print the version of crm' \
    'vip assign:split the programme\'s list among its staff' \
    'vip list:a surveyor\'s work list' \
    'vip program close:close the active VIP programme' \
    'vip program list:list the VIP programmes' \
    'vip program show:show a VIP programme and its list of clients' \
    'vip program start:start a VIP programme and build its list' \
    'vip report:coverage, quality, referrals, opportunities and contacts' \
    'vip survey:take the VIP questionnaire with a client; show a survey' \
    'vip survey show:print a completed survey, section by section' \
    'vip template print:print the questionnaire as a form for the meeting' \
    'vip template set:store a new version of the questionnaire' \
    'vip template show:print the questionnaire as JSON'

# The next command word after words, from the static list.
function __crm_static
    set -l cmdwords
    set -l skip 0
    for w in $argv
        if test $skip -eq 1
            set skip 0
        else if string match -qr -- '^--(db|as|format|fields|color)$' $w
            set skip 1
        else if not string match -q -- '-*' $w
            set -a cmdwords $w
        end
    end
    set -l cmdpath (string join ' ' -- $cmdwords)
    set -l seen
    for entry in $__crm_commands
        set -l name (string split -m1 -- ':' $entry)
        set -l desc $name[2]
        set -l rest $name[1]
        if test -n "$cmdpath"
            string match -q -- "$cmdpath *" $rest; or continue
            set rest (string replace -- "$cmdpath " '' $rest)
        end
        if string match -q -- '* *' $rest
            set rest (string split -m1 -- ' ' $rest)[1]
            set desc "$rest commands"
        end
        contains -- $rest $seen; and continue
        set -a seen $rest
        printf '%s\t%s\n' $rest $desc
    end
end

# The token under the cursor as the command will see it: quotes and
# backslashes removed, an open quote too ('ООО «Ро).
function __crm_unquote
    set -l t $argv[1]
    switch $t
        case "'*"
            set t (string sub -s 2 -- $t)
            set t (string replace -r -- "'\$" '' $t)
            string replace -a -- "\\'" "'" $t | string replace -a -- '\\\\' '\\'
        case '"*'
            set t (string sub -s 2 -- $t)
            set t (string replace -r -- '"$' '' $t)
            string replace -ar -- '\\\\([\\\\"$])' '$1' $t
        case '*'
            string unescape -- $t; or printf '%s\n' $t
    end
end

function __crm_complete
    set -l tokens (commandline -opc)
    set -l cur (__crm_unquote (commandline -ct))
    set -l crm_bin $tokens[1]
    if not string match -q -- '*/*' $crm_bin; or not test -x $crm_bin
        set crm_bin crm
    end
    set -e tokens[1]
    # --format=js: crm completes "--format js" the same way
    set -l args
    for t in $tokens
        if string match -qr -- '^--[^=]+=' $t
            set -a args (string replace -r -- '=.*' '' $t) (string replace -r -- '^[^=]*=' '' $t)
        else
            set -a args $t
        end
    end
    set -l prefix ''
    if string match -qr -- '^--[^=]+=' "$cur"
        set -l opt (string replace -r -- '=.*' '' "$cur")
        set -a args $opt
        set prefix "$opt="
        set cur (string replace -r -- '^[^=]*=' '' "$cur")
    end
    # a value for --db is a file name
    if test (count $args) -gt 0; and test "$args[-1]" = --db
        for p in (__fish_complete_path "$cur")
            printf '%s%s\n' $prefix $p
        end
        return
    end
    if command -q $crm_bin
        # crm matches as it matches a name (case-folded, by the start of
        # any word); fish inserts the one chosen quoted for the line
        set -l out ($crm_bin __complete $args "$cur" 2>/dev/null)
        if test $status -eq 0
            for line in $out
                printf '%s%s\n' $prefix $line
            end
            return
        end
    end
    # crm could not answer: offer the command words we know
    __crm_static $args
end

complete -c crm -f -a '(__crm_complete)'
