# Sourced by bin/berthd and bin/berth: finds a JDK >= 25 and sets $java, or says why not.
# Order: $BERTH_JAVA_HOME, $JAVA_HOME, the java on PATH, then /usr/lib/jvm/*.
# A JDK's version is read from its `release` file with shell builtins only: starting a JVM, or
# even sed, for each candidate would cost start-up time.

# Sets $major to the major version of the JDK in $1, or to nothing.
berth_jdk_major() {
    major=
    [ -r "$1/release" ] || return 0
    while IFS= read -r line; do
        case $line in
        JAVA_VERSION=*)
            version=${line#JAVA_VERSION=\"}
            major=${version%%[!0-9]*}
            return 0
            ;;
        esac
    done <"$1/release"
}

berth_find_java() {
    on_path=
    if command -v java >/dev/null 2>&1; then
        on_path=$(readlink -f "$(command -v java)")
        on_path=${on_path%/bin/java}
    fi
    for candidate in "${BERTH_JAVA_HOME:-}" "${JAVA_HOME:-}" "$on_path" /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        berth_jdk_major "$candidate"
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            java="$candidate/bin/java"
            return 0
        fi
    done
    echo "berth: no JDK 25 or newer found (looked at \$BERTH_JAVA_HOME, \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
    echo "berth: install one (e.g. Temurin 25) or point BERTH_JAVA_HOME at it." >&2
    return 1
}
