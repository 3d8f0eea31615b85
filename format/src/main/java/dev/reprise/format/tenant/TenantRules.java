package dev.reprise.format.tenant;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered tenant rules of a capture ({@code --tenant-from}, repeatable): the first rule that
 * finds a tenant wins, and a request no rule places belongs to {@link RequestEvent#UNKNOWN_TENANT}.
 *
 * <p>The rules are parsed once; finding a tenant compiles nothing and copies nothing but the
 * tenant itself, so it is cheap enough for every request. Instances are immutable and thread-safe.
 *
 * <p>The journal header keeps the rules as their specs ({@code CaptureSettings.tenantRules()}),
 * and {@code parse(settings.tenantRules())} gives the same rules back.
 */
public final class TenantRules {
    /** No rules: every request is {@code unknown}. */
    public static final TenantRules NONE = new TenantRules(List.of());

    private static final String KINDS = "header, host, path, query or jwt-claim";

    private final List<TenantRule> rules;

    private TenantRules(List<TenantRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Rules from their specs, in order: {@code header:X-Tenant-Id}, {@code host:{tenant}.api.example.com},
     * {@code path:/t/{tenant}/}, {@code query:tenant}, {@code jwt-claim:Authorization:org_id}.
     *
     * @throws InvalidSettingsException with a one-line message naming the first bad spec
     */
    public static TenantRules parse(List<String> specs) {
        List<TenantRule> rules = new ArrayList<>(specs.size());
        for (String spec : specs) {
            rules.add(parseRule(spec));
        }
        return rules.isEmpty() ? NONE : new TenantRules(rules);
    }

    /** One rule from its spec; see {@link #parse(List)}. */
    public static TenantRule parseRule(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw bad(String.valueOf(spec), "empty; expected KIND:ARGUMENT such as header:X-Tenant-Id");
        }
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw bad(spec, "contains whitespace or a control character");
            }
        }
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw bad(spec, "no kind; expected KIND:ARGUMENT with KIND one of " + KINDS);
        }
        String kind = spec.substring(0, colon);
        String arg = spec.substring(colon + 1);
        switch (kind) {
            case "header":
                return new TenantRule.FromHeader(headerName(spec, arg, "header name"));
            case "host":
                if (arg.indexOf('/') >= 0 || arg.indexOf(':') >= 0) {
                    throw bad(spec, "host pattern must not contain '/' or ':' (the port is ignored)");
                }
                return new TenantRule.FromHost(pattern(spec, arg, '.', "host label"));
            case "path":
                if (!arg.startsWith("/")) {
                    throw bad(spec, "path pattern must start with '/'");
                }
                if (arg.indexOf('?') >= 0 || arg.indexOf('#') >= 0) {
                    throw bad(spec, "path pattern must not contain '?' or '#'");
                }
                return new TenantRule.FromPath(pattern(spec, arg, '/', "path segment"));
            case "query":
                if (arg.isEmpty()) {
                    throw bad(spec, "query parameter name is empty");
                }
                if (arg.indexOf('=') >= 0 || arg.indexOf('&') >= 0 || arg.indexOf('#') >= 0 || arg.indexOf('?') >= 0) {
                    throw bad(spec, "query parameter name must not contain '=', '&', '?' or '#'");
                }
                return new TenantRule.FromQuery(arg);
            case "jwt-claim": {
                int sep = arg.indexOf(':');
                if (sep < 0) {
                    throw bad(spec, "expected jwt-claim:HEADER:CLAIM, e.g. jwt-claim:Authorization:org_id");
                }
                String claim = arg.substring(sep + 1);
                if (claim.isEmpty()) {
                    throw bad(spec, "claim name is empty");
                }
                return new TenantRule.FromJwtClaim(headerName(spec, arg.substring(0, sep), "header name"), claim);
            }
            default:
                throw bad(spec, "unknown kind \"" + kind + "\"; expected " + KINDS);
        }
    }

    /** The rules, in the order they are tried. */
    public List<TenantRule> rules() {
        return rules;
    }

    /** The rules as specs, for {@code CaptureSettings.tenantRules()}. */
    public List<String> specs() {
        List<String> specs = new ArrayList<>(rules.size());
        for (TenantRule r : rules) {
            specs.add(r.spec());
        }
        return List.copyOf(specs);
    }

    /**
     * The tenant of a request: the first rule's find, or {@code unknown}.
     *
     * @param target  the request target as on the request line
     * @param headers the request headers; host rules read the Host header
     */
    public String tenantOf(String target, List<Header> headers) {
        for (int i = 0, n = rules.size(); i < n; i++) {
            String t = rules.get(i).find(target, headers);
            if (t != null) {
                return t;
            }
        }
        return RequestEvent.UNKNOWN_TENANT;
    }

    /**
     * The request as a new tenant would send it: {@code newTenant} written where the first
     * matching rule reads the tenant (header value, host label, path segment, query parameter or
     * JWT claim), and the event's tenant field set to it. A request no rule places is returned
     * as it is, since there is nowhere to write; the caller can tell by identity.
     *
     * <p>Redaction hashes Authorization, so a jwt-claim rule finds nothing in a redacted
     * journal and the next rule in order decides, as it would have at capture had the claim been absent.
     *
     * @throws InvalidSettingsException if {@code newTenant} is empty or holds control characters
     */
    public RequestEvent rewrite(RequestEvent request, String newTenant) {
        checkTenant(newTenant);
        for (int i = 0, n = rules.size(); i < n; i++) {
            TenantRule rule = rules.get(i);
            if (rule.find(request.target(), request.headers()) != null) {
                return rule.rewrite(request, newTenant);
            }
        }
        return request;
    }

    private static void checkTenant(String tenant) {
        if (tenant == null || tenant.isEmpty()) {
            throw new InvalidSettingsException("new tenant is empty");
        }
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            if (c < ' ' || c == 0x7f) {
                throw new InvalidSettingsException("new tenant \"" + tenant.replaceAll("\\p{Cntrl}", "?")
                        + "\" contains a control character");
            }
        }
    }

    private static String headerName(String spec, String name, String what) {
        if (name.isEmpty()) {
            throw bad(spec, what + " is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw bad(spec, what + " \"" + name + "\" is not a valid HTTP header name");
            }
        }
        return name;
    }

    /** A pattern with exactly one {tenant}, standing for a whole label or segment between separators. */
    private static String pattern(String spec, String pattern, char separator, String unit) {
        int at = pattern.indexOf(TenantRule.PLACEHOLDER);
        if (at < 0) {
            throw bad(spec, "pattern has no " + TenantRule.PLACEHOLDER);
        }
        int after = at + TenantRule.PLACEHOLDER.length();
        if (pattern.indexOf(TenantRule.PLACEHOLDER, after) >= 0) {
            throw bad(spec, "pattern has more than one " + TenantRule.PLACEHOLDER);
        }
        boolean wholeBefore = at == 0 || pattern.charAt(at - 1) == separator;
        boolean wholeAfter = after == pattern.length() || pattern.charAt(after) == separator;
        if (!wholeBefore || !wholeAfter) {
            throw bad(spec, TenantRule.PLACEHOLDER + " must be a whole " + unit);
        }
        if (pattern.indexOf('{') != pattern.lastIndexOf('{') || pattern.indexOf('}') != pattern.lastIndexOf('}')) {
            throw bad(spec, "only " + TenantRule.PLACEHOLDER + " may appear in braces");
        }
        return pattern;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static IllegalArgumentException bad(String spec, String problem) {
        // The message is one line whatever the spec holds.
        String shown = (spec.length() > 80 ? spec.substring(0, 80) + "..." : spec).replaceAll("\\p{Cntrl}", "?");
        return new IllegalArgumentException("tenant rule \"" + shown + "\": " + problem);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TenantRules t && rules.equals(t.rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return "TenantRules" + specs();
    }
}
