package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void readsABearerChallenge() {
        Challenge challenge = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");

        assertEquals("bearer", challenge.scheme());
        assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:library/busybox:pull"), challenge.parameters());
    }

    @Test
    void readsBasicUnquotedAndEscapedValues() {
        List<Challenge> challenges = Challenge.parseAll(List.of("Basic realm=\"a \\\"quoted\\\" realm\"",
                "bearer realm=https://x/token, service=svc"));

        assertEquals("basic", challenges.get(0).scheme());
        assertEquals("a \"quoted\" realm", challenges.get(0).parameters().get("realm"));
        assertEquals(Map.of("realm", "https://x/token", "service", "svc"), challenges.get(1).parameters());
    }

    @Test
    void schemeWithoutParameters() {
        Challenge challenge = Challenge.parse("Negotiate");

        assertEquals("negotiate", challenge.scheme());
        assertEquals(Map.of(), challenge.parameters());
    }
}
