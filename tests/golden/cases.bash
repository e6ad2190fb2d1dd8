# The golden cases, shared by tests/golden/regen and
# tests/integration/golden.bats.  Each case runs nsinspect on a captured
# fixture (tests/fixtures/NAME) and its standard output must equal
# tests/golden/NAME/CASE.out.  tests/golden/NAME/ARGS gives the PIDs and
# namespaces of that capture (CONTAINER_PID, MEMBERS_NS).

# shellcheck disable=SC2034 # used by the files that source this one
GOLDEN_CASES="ns ns-json ns-list ns-net ns-task ns-members ns-raw-env"

# golden_run CASE FIXTURE_DIR: runs one case with $NSINSPECT; FIXTURE_DIR
# must be absolute (NSINSPECT_SYSROOT is read relative to the cwd).
golden_run() {
	local case=$1 fx=$2 CONTAINER_PID MEMBERS_NS
	# the tree is drawn with UTF-8 lines in a UTF-8 locale
	local -x LC_ALL=C.UTF-8
	# shellcheck source=/dev/null
	. "$(dirname "${BASH_SOURCE[0]}")/$(basename "$fx")/ARGS"
	case "$case" in
	ns) "$NSINSPECT" --sysroot "$fx" ns ;;
	ns-json) "$NSINSPECT" --sysroot "$fx" ns -J ;;
	ns-list) "$NSINSPECT" --sysroot "$fx" ns -l -o NS,TYPE,NPROCS,PID,PPID,USER,CONTAINER,HOLDER,PATH ;;
	ns-net) "$NSINSPECT" --sysroot "$fx" ns -t net ;;
	ns-task) "$NSINSPECT" --sysroot "$fx" ns -p "$CONTAINER_PID" ;;
	ns-members) "$NSINSPECT" --sysroot "$fx" ns "$MEMBERS_NS" ;;
	ns-raw-env) NSINSPECT_SYSROOT=$fx "$NSINSPECT" ns -r ;;
	*) echo "unknown golden case '$case'" >&2; return 2 ;;
	esac
}
