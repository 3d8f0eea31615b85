package dev.reprise.report.html;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.reprise.format.RepriseException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page: uPlot's script and style, the page's own script, and the sections
 * as JSON, all inline, so the file opens offline from anywhere. The script builds every element
 * with text nodes, never markup, so text from a journal or a report cannot inject anything.
 */
public final class HtmlPage {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(double[].class, new CompactDoubles()));

    private final String kind;
    private final String title;
    private final String subtitle;
    private final List<Section> sections = new ArrayList<>();
    private final Map<String, Object> raw = new LinkedHashMap<>();

    /**
     * @param kind     {@code replay}, {@code compare} or {@code inspect}: names the page for readers and tests
     * @param subtitle one line under the title, such as what was replayed against what
     */
    public HtmlPage(String kind, String title, String subtitle) {
        this.kind = kind;
        this.title = title;
        this.subtitle = subtitle;
    }

    public HtmlPage add(Section section) {
        sections.add(section);
        return this;
    }

    /** Embeds a document (such as the report the page was drawn from) for readers who want the numbers. */
    public HtmlPage embed(String name, Object document) {
        raw.put(name, document);
        return this;
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    public String render() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", kind);
        data.put("title", title);
        data.put("subtitle", subtitle);
        data.put("sections", sections);
        data.put("embedded", raw);
        String json;
        try {
            json = MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the page's data could not be serialised: " + e.getOriginalMessage(), e);
        }
        Assets assets = Assets.load();
        StringBuilder b = new StringBuilder(json.length() + assets.size() + 4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"reprise\">\n")
                .append("<title>").append(escapeHtml(title)).append("</title>\n")
                .append("<style>\n").append(assets.uplotCss()).append('\n').append(assets.pageCss()).append("</style>\n")
                .append("</head>\n<body data-page=\"").append(escapeHtml(kind)).append("\">\n")
                .append("<header><h1>").append(escapeHtml(title)).append("</h1><p class=\"subtitle\">")
                .append(escapeHtml(subtitle)).append("</p></header>\n")
                .append("<nav id=\"toc\"></nav>\n<main id=\"page\"><noscript>This report draws its charts and tables"
                        + " with JavaScript; allow scripts for this file.</noscript></main>\n")
                .append("<footer>uPlot ").append(assets.uplotVersion()).append(" (MIT) · reprise</footer>\n")
                .append("<script type=\"application/json\" id=\"report-data\">").append(scriptSafe(json))
                .append("</script>\n<script>\n").append(assets.uplotJs()).append("\n</script>\n<script>\n")
                .append(assets.pageJs()).append("\n</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Writes the page beside {@code path} and moves it into place, so a reader never opens half a page. */
    public void write(Path path) {
        String html = render();
        Path target = path.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), ".page-", ".html.tmp");
            Files.writeString(tmp, html);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The failure worth reporting is the write's.
                }
            }
            throw new RepriseException("cannot write the HTML page " + path + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    static String escapeHtml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** JSON inside a script element ends at the first {@code </}; escaping it (and the JS line separators) keeps it data. */
    static String scriptSafe(String json) {
        return json.replace("</", "<\\/").replace("<!--", "<\\!--")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** Columns of chart values: NaN and infinities become null (gaps), and five significant digits are plenty on a chart. */
    private static final class CompactDoubles extends JsonSerializer<double[]> {
        private static final MathContext DIGITS = new MathContext(5);

        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray();
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    g.writeNull();
                } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                    g.writeNumber((long) v);
                } else {
                    g.writeNumber(new BigDecimal(v).round(DIGITS).stripTrailingZeros().toPlainString());
                }
            }
            g.writeEndArray();
        }
    }
}
