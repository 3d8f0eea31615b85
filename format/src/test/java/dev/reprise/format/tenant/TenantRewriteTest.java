package dev.reprise.format.tenant;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantRewriteTest {
    static RequestEvent request(String target, Header... headers) {
        return new RequestEvent(3, 1, 100, 200, "GET", target, "HTTP/1.1", List.of(headers),
                Body.of("{}".getBytes(StandardCharsets.UTF_8)), "acme");
    }

    static TenantRules rules(String... specs) {
        return TenantRules.parse(List.of(specs));
    }

    @Test
    void headerRuleWritesTheNewTenantIntoTheHeaderKeepingItsNameAndPlace() {
        RequestEvent r = request("/orders", new Header("Accept", "*/*"), new Header("x-tenant-id", "acme"),
                new Header("X-Tenant-Id", "second"));
        RequestEvent out = rules("header:X-Tenant-Id").rewrite(r, "acme~2");
        assertThat(out.headers()).containsExactly(new Header("Accept", "*/*"), new Header("x-tenant-id", "acme~2"),
                new Header("X-Tenant-Id", "second"));
        assertThat(out.tenant()).isEqualTo("acme~2");
        assertThat(out.target()).isEqualTo("/orders");
        assertThat(out.body()).isEqualTo(r.body());
        assertThat(out.connectionId()).isEqualTo(3);
        assertThat(out.sequence()).isEqualTo(1);
    }

    @Test
    void hostRuleReplacesTheLabelAndKeepsThePort() {
        RequestEvent r = request("/", new Header("Host", "acme.api.example.com:8443"));
        RequestEvent out = rules("host:{tenant}.api.example.com").rewrite(r, "acme~2");
        assertThat(out.header("Host")).isEqualTo("acme~2.api.example.com:8443");
    }

    @Test
    void hostRuleEncodesDotsSoTheTenantStaysOneLabel() {
        TenantRules rules = rules("host:{tenant}.api.example.com");
        RequestEvent out = rules.rewrite(request("/", new Header("Host", "acme.api.example.com")), "eu.acme");
        assertThat(out.header("Host")).isEqualTo("eu%2Eacme.api.example.com");
        assertThat(rules.tenantOf(out.target(), out.headers())).isEqualTo("eu.acme");
    }

    @Test
    void pathRuleReplacesTheSegmentAndKeepsTheRestOfTheTarget() {
        RequestEvent out = rules("path:/t/{tenant}/").rewrite(request("/t/acme/orders/7?tenant=acme"), "acme~2");
        assertThat(out.target()).isEqualTo("/t/acme~2/orders/7?tenant=acme");
        RequestEvent spaced = rules("path:/t/{tenant}/").rewrite(request("/t/acme/x"), "new co/1");
        assertThat(spaced.target()).isEqualTo("/t/new%20co%2F1/x");
    }

    @Test
    void queryRuleReplacesTheParameterValueOnly() {
        RequestEvent out = rules("query:tenant").rewrite(request("/p?a=1&tenant=acme&b=2#f"), "acme~2");
        assertThat(out.target()).isEqualTo("/p?a=1&tenant=acme~2&b=2#f");
        RequestEvent amp = rules("query:tenant").rewrite(request("/p?tenant=acme"), "a&b=c");
        assertThat(amp.target()).isEqualTo("/p?tenant=a%26b%3Dc");
    }

    @Test
    void jwtRuleReEncodesThePayloadKeepingHeaderSignatureAndOtherClaims() {
        String token = TenantRulesTest.jwt("{\"sub\":\"u1\",\"org_id\":\"acme\",\"exp\":1900000000}");
        String[] parts = token.split("\\.");
        TenantRules rules = rules("jwt-claim:Authorization:org_id");
        RequestEvent out = rules.rewrite(request("/", new Header("Authorization", "Bearer " + token)), "acme~2");
        String value = out.header("Authorization");
        assertThat(value).startsWith("Bearer " + parts[0] + ".").endsWith("." + parts[2]);
        String payload = new String(Base64.getUrlDecoder().decode(value.substring(7).split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).isEqualTo("{\"sub\":\"u1\",\"org_id\":\"acme~2\",\"exp\":1900000000}");
        assertThat(rules.tenantOf(out.target(), out.headers())).isEqualTo("acme~2");
    }

    @Test
    void rewrittenRequestsAreFoundUnderTheirNewTenantByEveryKind() {
        String token = TenantRulesTest.jwt("{\"org_id\":\"acme\"}");
        RequestEvent r = request("/t/acme/x?tenant=acme", new Header("Host", "acme.api.example.com"),
                new Header("X-Tenant-Id", "acme"), new Header("Authorization", "Bearer " + token));
        for (String spec : TenantRulesTest.ALL_KINDS) {
            TenantRules rules = rules(spec);
            assertThat(rules.tenantOf(r.target(), r.headers())).as(spec).isEqualTo("acme");
            for (String t : List.of("acme~2", "caf\u00e9 & co", "x.y/z?#")) {
                RequestEvent out = rules.rewrite(r, t);
                assertThat(rules.tenantOf(out.target(), out.headers())).as(spec + " -> " + t).isEqualTo(t);
                assertThat(out.tenant()).isEqualTo(t);
            }
        }
    }

    @Test
    void theFirstMatchingRuleIsTheOneRewritten() {
        TenantRules rules = rules("header:X-Tenant-Id", "path:/t/{tenant}/");
        RequestEvent out = rules.rewrite(request("/t/acme/", new Header("X-Tenant-Id", "acme")), "beta");
        assertThat(out.header("X-Tenant-Id")).isEqualTo("beta");
        assertThat(out.target()).isEqualTo("/t/acme/");
        RequestEvent byPath = rules.rewrite(request("/t/acme/"), "beta");
        assertThat(byPath.target()).isEqualTo("/t/beta/");
    }

    @Test
    void aRedactedTokenIsNoMatchSoTheNextRuleDecides() {
        TenantRules rules = rules("jwt-claim:Authorization:org_id", "query:tenant");
        RequestEvent r = request("/p?tenant=acme", new Header("Authorization", "Bearer redacted:AAAAAAAAAAAAAAAAAAAAAA"));
        RequestEvent out = rules.rewrite(r, "acme~2");
        assertThat(out.target()).isEqualTo("/p?tenant=acme~2");
        assertThat(out.header("Authorization")).isEqualTo("Bearer redacted:AAAAAAAAAAAAAAAAAAAAAA");
    }

    @Test
    void aRequestNoRulePlacesIsReturnedAsItIs() {
        RequestEvent r = request("/orders", new Header("Host", "api.example.com"));
        assertThat(rules(TenantRulesTest.ALL_KINDS.toArray(String[]::new)).rewrite(r, "acme~2")).isSameAs(r);
        assertThat(TenantRules.NONE.rewrite(r, "acme~2")).isSameAs(r);
    }

    @Test
    void newTenantsMustBeNonEmptyAndFreeOfControlCharacters() {
        RequestEvent r = request("/", new Header("X-Tenant-Id", "acme"));
        TenantRules rules = rules("header:X-Tenant-Id");
        assertThatThrownBy(() -> rules.rewrite(r, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.rewrite(r, "acme\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n");
    }
}
