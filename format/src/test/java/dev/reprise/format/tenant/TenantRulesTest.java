package dev.reprise.format.tenant;

import dev.reprise.format.CaptureSettings;
import dev.reprise.format.Header;
import dev.reprise.format.JournalReader;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantRulesTest {
    static final List<String> ALL_KINDS = List.of("header:X-Tenant-Id", "host:{tenant}.api.example.com",
            "path:/t/{tenant}/", "query:tenant", "jwt-claim:Authorization:org_id");

    @TempDir
    Path dir;

    static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    static String tenant(String spec, String target, Header... headers) {
        return TenantRules.parse(List.of(spec)).tenantOf(target, List.of(headers));
    }

    @Test
    void headerRuleReadsTheFirstValueOfTheHeaderInAnyCaseTrimmed() {
        assertThat(tenant("header:X-Tenant-Id", "/", new Header("x-tenant-id", "  acme "),
                new Header("X-Tenant-Id", "beta"))).isEqualTo("acme");
        assertThat(tenant("header:X-Tenant-Id", "/", new Header("X-Tenant-Id", "   ")))
                .isEqualTo(RequestEvent.UNKNOWN_TENANT);
        assertThat(tenant("header:X-Tenant-Id", "/", new Header("X-Other", "acme")))
                .isEqualTo(RequestEvent.UNKNOWN_TENANT);
    }

    @Test
    void hostRuleReadsOneWholeLabelIgnoringPortAndCase() {
        String spec = "host:{tenant}.api.example.com";
        assertThat(tenant(spec, "/", new Header("Host", "acme.api.example.com"))).isEqualTo("acme");
        assertThat(tenant(spec, "/", new Header("host", "ACME.Api.Example.com:8443"))).isEqualTo("acme");
        assertThat(tenant(spec, "/", new Header("Host", "a.b.api.example.com"))).isEqualTo("unknown");
        assertThat(tenant(spec, "/", new Header("Host", ".api.example.com"))).isEqualTo("unknown");
        assertThat(tenant(spec, "/", new Header("Host", "api.example.com"))).isEqualTo("unknown");
        assertThat(tenant(spec, "/", new Header("Host", "acme.api.example.org"))).isEqualTo("unknown");
        assertThat(tenant(spec, "/")).isEqualTo("unknown");
        assertThat(tenant("host:api.{tenant}.example.com", "/", new Header("Host", "api.eu.example.com")))
                .isEqualTo("eu");
        assertThat(tenant("host:{tenant}.example.com", "/", new Header("Host", "[::1]:8080"))).isEqualTo("unknown");
    }

    @Test
    void pathRuleReadsOneWholeSegmentOfAPathStartingWithThePattern() {
        String spec = "path:/t/{tenant}/";
        assertThat(tenant(spec, "/t/acme/orders/7?x=1")).isEqualTo("acme");
        assertThat(tenant(spec, "/t/acme")).isEqualTo("acme");
        assertThat(tenant(spec, "/t/acme?x=1")).isEqualTo("acme");
        assertThat(tenant(spec, "/t/caf%C3%A9/")).isEqualTo("caf\u00e9");
        assertThat(tenant(spec, "/t//orders")).isEqualTo("unknown");
        assertThat(tenant(spec, "/x/t/acme/")).isEqualTo("unknown");
        assertThat(tenant(spec, "/orders?next=/t/acme/")).isEqualTo("unknown");
        assertThat(tenant(spec, "http://api.example.com/t/acme/orders")).isEqualTo("acme");
        assertThat(tenant("path:/api/{tenant}/v1/", "/api/acme/v1/items")).isEqualTo("acme");
        assertThat(tenant("path:/api/{tenant}/v1/", "/api/acme/v2/items")).isEqualTo("unknown");
        assertThat(tenant("path:/api/{tenant}/v1/", "/api/acme")).isEqualTo("unknown");
    }

    @Test
    void queryRuleReadsTheFirstNonEmptyValueOfTheParameterFormDecoded() {
        assertThat(tenant("query:tenant", "/p?a=1&tenant=acme&tenant=beta")).isEqualTo("acme");
        assertThat(tenant("query:tenant", "/p?tenant=&tenant=beta")).isEqualTo("beta");
        assertThat(tenant("query:tenant", "/p?tenant=acme+co%21")).isEqualTo("acme co!");
        assertThat(tenant("query:tenant", "/p?xtenant=acme")).isEqualTo("unknown");
        assertThat(tenant("query:tenant", "/p?tenant")).isEqualTo("unknown");
        assertThat(tenant("query:tenant", "/p#?tenant=acme")).isEqualTo("unknown");
        assertThat(tenant("query:tenant", "/p?tenant=acme#frag")).isEqualTo("acme");
        assertThat(tenant("query:tenant", "/p?tenant=%zz")).isEqualTo("%zz");
    }

    @Test
    void jwtClaimRuleDecodesThePayloadWithOrWithoutBearer() {
        String spec = "jwt-claim:Authorization:org_id";
        String token = jwt("{\"sub\":\"u1\",\"org_id\":\"acme\",\"nested\":{\"org_id\":\"no\"}}");
        assertThat(tenant(spec, "/", new Header("Authorization", "Bearer " + token))).isEqualTo("acme");
        assertThat(tenant(spec, "/", new Header("authorization", token))).isEqualTo("acme");
        assertThat(tenant(spec, "/", new Header("Authorization", "bearer   " + token + " "))).isEqualTo("acme");
        assertThat(tenant(spec, "/", new Header("Authorization", "Bearer " + jwt("{\"org_id\":42}")))).isEqualTo("42");
        assertThat(tenant(spec, "/", new Header("Authorization", "Bearer " + jwt("{\"sub\":\"u1\"}")))).isEqualTo("unknown");
        assertThat(tenant(spec, "/", new Header("Authorization", "Bearer " + jwt("{\"org_id\":{\"x\":1}}")))).isEqualTo("unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer not-a-jwt", "Bearer a.b", "Bearer a.b.c.d",
            "Bearer !!!.@@@.###", "Bearer eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "Bearer eyJ9.W10.c2ln",
            "Basic dXNlcjpwYXNz", "Bearer .eyJvcmdfaWQiOiJhY21lIn0.", "Bearer x.eyJvcmdfaWQiOiJhY21l.sig"})
    void malformedTokensAreSimplyNoMatch(String value) {
        assertThat(tenant("jwt-claim:Authorization:org_id", "/", new Header("Authorization", value)))
                .isEqualTo("unknown");
    }

    @Test
    void hugeValuesAreNoMatchOrReadWithoutTrouble() {
        String huge = "a".repeat(1_000_000);
        String hugeToken = jwt("{\"org_id\":\"" + huge + "\"}");
        assertThat(tenant("jwt-claim:Authorization:org_id", "/", new Header("Authorization", "Bearer " + hugeToken)))
                .isEqualTo("unknown");
        assertThat(tenant("header:X-Tenant-Id", "/", new Header("X-Tenant-Id", huge))).hasSize(huge.length());
        assertThat(tenant("query:tenant", "/p?" + "x=1&".repeat(100_000) + "tenant=acme")).isEqualTo("acme");
        assertThat(tenant("path:/t/{tenant}/", "/t/" + huge)).hasSize(huge.length());
    }

    @Test
    void rulesAreTriedInOrderAndTheFirstMatchWins() {
        TenantRules rules = TenantRules.parse(List.of("header:X-Tenant-Id", "path:/t/{tenant}/", "query:tenant"));
        assertThat(rules.tenantOf("/t/beta/?tenant=gamma", List.of(new Header("X-Tenant-Id", "acme")))).isEqualTo("acme");
        assertThat(rules.tenantOf("/t/beta/?tenant=gamma", List.of())).isEqualTo("beta");
        assertThat(rules.tenantOf("/x?tenant=gamma", List.of())).isEqualTo("gamma");
        assertThat(rules.tenantOf("/x", List.of())).isEqualTo(RequestEvent.UNKNOWN_TENANT);
        assertThat(TenantRules.NONE.tenantOf("/t/acme/", List.of(new Header("X-Tenant-Id", "acme"))))
                .isEqualTo(RequestEvent.UNKNOWN_TENANT);
        assertThat(TenantRules.parse(List.of())).isSameAs(TenantRules.NONE);
    }

    @Test
    void eachKindParsesToItsOwnRecord() {
        assertThat(TenantRules.parse(ALL_KINDS).rules()).containsExactly(
                new TenantRule.FromHeader("X-Tenant-Id"),
                new TenantRule.FromHost("{tenant}.api.example.com"),
                new TenantRule.FromPath("/t/{tenant}/"),
                new TenantRule.FromQuery("tenant"),
                new TenantRule.FromJwtClaim("Authorization", "org_id"));
    }

    @Test
    void specsSurviveTheJournalHeaderAndParseBackToTheSameRules() {
        TenantRules rules = TenantRules.parse(ALL_KINDS);
        CaptureSettings settings = new CaptureSettings(1024, true, List.of(), List.of(), 1.0, List.of(), rules.specs());
        try (JournalWriter w = JournalWriter.create(dir).writerId("t").startNanos(1).settings(settings).open()) {
            w.append(SampleEvents.request(1, 0, 10));
        }
        List<String> stored;
        try (JournalReader r = JournalReader.open(dir)) {
            stored = r.header().settings().tenantRules();
        }
        assertThat(stored).isEqualTo(ALL_KINDS);
        assertThat(TenantRules.parse(stored)).isEqualTo(rules);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "header", "header:", "header:X Tenant", "header:X-Tenant-Id ", " header:X-Tenant-Id",
            "header:X(Tenant)", "cookie:tenant", "Header:X-Tenant-Id", ":X-Tenant-Id",
            "host:", "host:api.example.com", "host:{tenant}x.example.com", "host:{tenant}.{tenant}.com",
            "host:{tenant}.example.com/x", "host:{tenant}.example.com:8080",
            "path:", "path:t/{tenant}/", "path:/t/{tenant}x/", "path:/t/", "path:/t/{tenant}/?a", "path:/{id}/{tenant}/",
            "query:", "query:a=b", "query:a&b",
            "jwt-claim:", "jwt-claim:Authorization", "jwt-claim:Authorization:", "jwt-claim::org_id",
            "header:X-Tenant-Id\n", "header:X\u0000"})
    void badSpecsAreRefusedWithOneLineNamingTheSpec(String spec) {
        List<String> specs = new ArrayList<>(List.of("header:X-Ok"));
        specs.add(spec);
        assertThatThrownBy(() -> TenantRules.parse(specs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tenant rule \"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0000"))
                .satisfies(e -> assertThat(e.getMessage())
                        .contains(spec.replaceAll("\\p{Cntrl}", "?").substring(0, Math.min(spec.length(), 40))));
    }

    @Test
    void unknownKindsSayWhichKindsExist() {
        assertThatThrownBy(() -> TenantRules.parse(List.of("cookie:tenant")))
                .hasMessage("tenant rule \"cookie:tenant\": unknown kind \"cookie\"; expected header, host, path, query or jwt-claim");
        assertThatThrownBy(() -> TenantRules.parse(List.of("header:")))
                .hasMessage("tenant rule \"header:\": header name is empty");
    }

    @Test
    void nullSpecIsRefusedLikeAnEmptyOne() {
        List<String> specs = new ArrayList<>();
        specs.add(null);
        assertThatThrownBy(() -> TenantRules.parse(specs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
