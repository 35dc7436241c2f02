# bash completion for assay                                -*- shell-script -*-
#
# Subcommands, each one's options, format names, severities, and the
# profile ids of the policies the binary would load: `assay profiles`
# (with the --policy options already on the line) is asked, so a profile
# of the installed packs, of $ASSAY_POLICY_DIR or of a --policy folder
# completes alike. Installed as /usr/share/bash-completion/completions/assay
# (the .deb does); `. completion/assay.bash` for a source build.
# zsh: `autoload -U bashcompinit && bashcompinit && . assay.bash`.

_assay_profiles()
{
	local bin=$1
	shift
	# The table of `assay profiles`: a header, one profile a line, then
	# "N profiles"; the id is the first column.
	"$bin" profiles "$@" 2>/dev/null |
	    awk 'NR > 1 && $1 != "" && $2 != "profiles" { print $1 }'
}

_assay()
{
	local cur prev words cword
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	local bin=${COMP_WORDS[0]}
	local cmd=${COMP_WORDS[1]:-}
	local formats="text json sarif junit html markdown xccdf arf oval"
	local severities="info low medium high critical none"

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "scan rules profiles policy merge \
		    --help --version" -- "$cur"))
		return 0
	fi

	# The --policy options already given, for `assay profiles`.
	local i policies=()
	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--policy)
			[ -n "${COMP_WORDS[i + 1]:-}" ] &&
			    policies+=(--policy "${COMP_WORDS[i + 1]}")
			;;
		esac
	done

	case $prev in
	--profile)
		COMPREPLY=($(compgen -W "$(_assay_profiles "$bin" \
		    "${policies[@]}")" -- "$cur"))
		return 0
		;;
	--format)
		# FMT or FMT=FILE: after '=' a file name.
		if [[ $cur == *=* ]]; then
			local f=${cur#*=}
			COMPREPLY=($(compgen -f -- "$f"))
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
			return 0
		fi
		[ "$cmd" = rules ] && formats="text json markdown"
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return 0
		;;
	--fail-on)
		COMPREPLY=($(compgen -W "$severities" -- "$cur"))
		return 0
		;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return 0
		;;
	--tls-verify)
		COMPREPLY=($(compgen -W "true false" -- "$cur"))
		return 0
		;;
	--cert-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0
		;;
	--policy | --tailoring | --waivers | --baseline | --signature-trust | \
	    --datastream)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	--var | --max-file-size | --image | --platform | --width | \
	    --partition | --tailoring-id | --benchmark-id | --timeout)
		return 0
		;;
	esac

	local opts
	case $cmd in
	scan)
		opts="--policy --profile --format --fail-on --var --tailoring
		    --waivers --baseline --fail-on-new --omit-waived
		    --max-file-size --image --platform --no-verify --partition
		    --color --show-all --width --datastream --tailoring-id
		    --skip-signature-check --enforce-signature --signature-trust
		    --benchmark-id --cert-dir --tls-verify --timeout --help"
		;;
	rules)
		opts="--policy --profile --tailoring --format --help"
		;;
	profiles)
		opts="--policy --help"
		;;
	merge)
		opts="--format --fail-on --help"
		;;
	policy)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "check" -- "$cur"))
			return 0
		fi
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	*)
		return 0
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	# A target (scan) or reports (merge): files and folders.
	[ "$cmd" = scan ] || [ "$cmd" = merge ] &&
	    COMPREPLY=($(compgen -f -- "$cur"))
	return 0
}
complete -o filenames -F _assay assay
