package dev.reprise.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What every page embeds: uPlot's script and style, read from its webjar on the classpath, and the
 * page's own script and style. Read once and kept.
 */
record Assets(String uplotVersion, String uplotJs, String uplotCss, String pageJs, String pageCss) {
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static volatile Assets loaded;

    static Assets load() {
        Assets a = loaded;
        if (a == null) {
            String version = webjarVersion();
            String dist = WEBJAR + version + "/dist/";
            a = new Assets(version, resource(dist + "uPlot.iife.min.js"), resource(dist + "uPlot.min.css"),
                    resource("dev/reprise/report/html/page.js"), resource("dev/reprise/report/html/page.css"));
            loaded = a;
        }
        return a;
    }

    int size() {
        return uplotJs.length() + uplotCss.length() + pageJs.length() + pageCss.length();
    }

    private static String webjarVersion() {
        Properties p = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            // A script that contained </script> would end its element early; uPlot's does not, and this keeps it so.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = Assets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            // Only a broken build gets here: the webjar and the page's resources ship in the jar.
            throw new IllegalStateException("missing from the classpath: " + name);
        }
        return in;
    }
}
