# Sourced by bin/berthd and bin/berth: finds a JDK >= 25 and sets $java, or says why not.
# Order: $BERTH_JAVA_HOME, $JAVA_HOME, the java on PATH, then /usr/lib/jvm/*.
# A JDK's version is read from its `release` file: starting a JVM to ask would cost start-up time.

berth_jdk_major() {
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

berth_find_java() {
    for candidate in "${BERTH_JAVA_HOME:-}" "${JAVA_HOME:-}" \
            "$(command -v java >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v java)")")")" \
            /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        major=$(berth_jdk_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            java="$candidate/bin/java"
            return 0
        fi
    done
    echo "berth: no JDK 25 or newer found (looked at \$BERTH_JAVA_HOME, \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
    echo "berth: install one (e.g. Temurin 25) or point BERTH_JAVA_HOME at it." >&2
    return 1
}
