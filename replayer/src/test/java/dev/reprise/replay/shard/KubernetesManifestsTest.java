package dev.reprise.replay.shard;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.reprise.replay.cli.ReplayerMain;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.testing.ChildJvm;
import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests under deploy/kubernetes, read as the typed Kubernetes objects a cluster would
 * accept (no field the API does not know), and the command lines of the replay and merge Jobs run
 * here as the pods would run them: the image's entrypoint, the args with the kubelet's $(VAR)
 * expansion, JOB_COMPLETION_INDEX set per pod, the volumes' mount paths on local directories.
 * No cluster ran them; docs/scale-out.md says so.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KubernetesManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Job", Job.class, "Deployment", Deployment.class, "Service", Service.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class);

    private static Map<String, HasMetadata> objects;

    @TempDir
    Path dir;

    @BeforeAll
    static void readManifests() throws IOException {
        objects = new LinkedHashMap<>();
        ObjectMapper mapper = new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (var files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : mapper.readValues(new YAMLFactory().createParser(file.toFile()), JsonNode.class).readAll()) {
                    String kind = doc.path("kind").asText();
                    Class<? extends HasMetadata> type = KINDS.get(kind);
                    assertThat(type).as(file.getFileName() + ": kind " + kind).isNotNull();
                    HasMetadata object = mapper.treeToValue(doc, type);
                    String name = kind + "/" + object.getMetadata().getName();
                    assertNoUnknownFields(object, file.getFileName() + " " + name);
                    assertThat(objects.put(name, object)).as(name + " twice").isNull();
                }
            }
        }
    }

    @Test
    void theManifestsAreTheObjectsOfAShardedReplayAndACaptureSidecar() {
        assertThat(objects.keySet()).containsExactlyInAnyOrder("Job/reprise-replay", "Job/reprise-merge",
                "Deployment/sample-api", "Service/sample-api", "PersistentVolumeClaim/sample-api-journal",
                "PersistentVolumeClaim/reprise-journal", "PersistentVolumeClaim/reprise-results");

        Job replay = (Job) objects.get("Job/reprise-replay");
        int shards = Integer.parseInt(env(container(replay.getSpec().getTemplate().getSpec())).get("SHARDS"));
        assertThat(replay.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(replay.getSpec().getCompletions()).isEqualTo(shards);
        assertThat(replay.getSpec().getParallelism()).as("every shard runs at once").isEqualTo(shards);
        assertThat(replay.getSpec().getBackoffLimit()).as("a retried shard would start late").isZero();
        PodSpec pod = replay.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container c = container(pod);
        assertThat(c.getArgs()).containsSequence("--shard", "$(JOB_COMPLETION_INDEX)/$(SHARDS)")
                .containsSequence("--start-at", "$(START_AT)");
        VolumeMount journal = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/journal")).findFirst().orElseThrow();
        assertThat(journal.getReadOnly()).isTrue();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(journal.getName())).findFirst().orElseThrow();
        assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();

        Job merge = (Job) objects.get("Job/reprise-merge");
        assertThat(container(merge.getSpec().getTemplate().getSpec()).getArgs().stream()
                .filter(a -> a.matches("/results/shard-\\d+\\.json"))).hasSize(shards);

        Deployment sidecar = (Deployment) objects.get("Deployment/sample-api");
        PodSpec app = sidecar.getSpec().getTemplate().getSpec();
        Container proxy = app.getContainers().stream().filter(x -> x.getName().equals("capture-proxy")).findFirst().orElseThrow();
        String adminPort = proxy.getPorts().stream().filter(p -> p.getName().equals("admin")).findFirst().orElseThrow()
                .getContainerPort().toString();
        assertThat(proxy.getArgs()).containsSequence("--admin", "0.0.0.0:" + adminPort);
        assertThat(sidecar.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", adminPort);
        assertThat(proxy.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/journal"));
        assertThat(proxy.getArgs()).anySatisfy(a -> assertThat(a).startsWith("/journal/"));
    }

    @Test
    void eachDockerfileRunsItsJarOnAJreAsANonRootUser() throws IOException {
        for (String jar : List.of("replayer:reprise-replayer", "capture-proxy:reprise-capture-proxy",
                "sample-service:reprise-sample-service")) {
            String module = jar.split(":")[0];
            String text = Files.readString(DEPLOY.resolve("docker").resolve(module).resolve("Dockerfile"));
            assertThat(text).containsPattern("(?m)^FROM eclipse-temurin:\\d+-jre$").containsPattern("(?m)^USER 10001");
            String inImage = "/opt/reprise/" + jar.split(":")[1] + ".jar";
            if (module.equals("capture-proxy") || module.equals("replayer")) {
                assertThat(entrypoint(module)).containsExactly("/opt/reprise/bin/run-" + module, inImage);
            } else {
                assertThat(entrypoint(module)).containsExactly("java", "-jar", inImage);
            }
            assertThat(text).contains("COPY --chown=root:root --chmod=0444 " + module + "/target/" + jar.split(":")[1] + ".jar");
        }
    }

    /**
     * The capture proxy's and the replayer's images start them through the scripts {@code reprise
     * capture} and {@code reprise replay} run, so a sidecar gets the same bounded heap and direct
     * memory, and a replay the same collector: each file a script needs is copied from the
     * repository to where the script looks for it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"capture-proxy", "replayer"})
    void anImageStartedThroughItsLaunchScriptCarriesTheScriptAndWhatItSources(String module) throws IOException {
        String text = Files.readString(DEPLOY.resolve("docker").resolve(module).resolve("Dockerfile"));
        Path repository = DEPLOY.getParent();
        Matcher copy = Pattern.compile("(?m)^COPY --chown=root:root --chmod=(\\d+) (scripts/\\S+) (/opt/reprise/bin/\\S+)$").matcher(text);
        Map<String, String> copied = new LinkedHashMap<>();
        while (copy.find()) {
            assertThat(repository.resolve(copy.group(2))).as(copy.group(2)).isRegularFile();
            copied.put(copy.group(3), copy.group(1));
        }
        assertThat(copied).containsEntry("/opt/reprise/bin/run-" + module, "0555");
        Matcher sourced = Pattern.compile("(?m)^\\. \"\\$here/(\\S+)\"$")
                .matcher(Files.readString(repository.resolve("scripts/run-" + module)));
        assertThat(sourced.find()).isTrue();
        assertThat(copied).containsKey("/opt/reprise/bin/" + sourced.group(1));
    }

    @Test
    void theReplayJobsPodsRunHereAsShardsAndTheMergeJobMergesThem() throws Exception {
        Job replay = (Job) objects.get("Job/reprise-replay");
        Container shardContainer = container(replay.getSpec().getTemplate().getSpec());
        int shards = replay.getSpec().getCompletions();
        assertThat(entrypoint("replayer")).containsExactly("/opt/reprise/bin/run-replayer", "/opt/reprise/reprise-replayer.jar");

        JournalBuilder j = JournalBuilder.create();
        for (int c = 0; c < 16; c++) {
            j.tenant(c % 2 == 0 ? "acme" : "globex").connection(c, c * 30, c % 4 == 0 ? 6 : 2, 20);
        }
        Path journal = j.write(dir.resolve("journal"));
        Path results = Files.createDirectories(dir.resolve("results"));
        Map<String, Path> mounts = Map.of("/journal", journal, "/results", results, "/tmp", Files.createDirectories(dir.resolve("tmp")));
        try (TestHttpServer target = TestHttpServer.start()) {
            Instant startAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
            List<Process> pods = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                Map<String, String> env = env(shardContainer);
                env.put("TARGET", target.url());
                env.put("START_AT", startAt.toString());
                env.put("JOB_COMPLETION_INDEX", Integer.toString(i));
                List<String> args = local(expand(shardContainer.getArgs(), env), mounts);
                ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                        ReplayerMain.class, args.toArray(String[]::new)))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("pod-" + i + ".log").toFile());
                pb.environment().putAll(env);
                pods.add(pb.start());
            }
            for (int i = 0; i < shards; i++) {
                assertThat(pods.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
                assertThat(pods.get(i).exitValue()).as(Files.readString(dir.resolve("pod-" + i + ".log"))).isZero();
                assertThat(results.resolve("shard-" + i + ".json")).exists();
                assertThat(results.resolve("shard-" + i + ".hlog")).exists();
            }

            Job mergeJob = (Job) objects.get("Job/reprise-merge");
            Container merge = container(mergeJob.getSpec().getTemplate().getSpec());
            List<String> args = local(expand(merge.getArgs(), env(merge)), mounts);
            Process p = new ProcessBuilder(ChildJvm.command(ReplayerMain.class, args.toArray(String[]::new)))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("merge.log").toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("merge.log"))).isZero();

            ReplayReport merged = ReportJson.read(results.resolve("merged.json"));
            assertThat(merged.totals().requests()).isEqualTo(target.count()).isEqualTo(4 * 6 + 12 * 2);
            assertThat(merged.sharding().startAt()).isEqualTo(startAt.toString());
            assertThat(merged.thresholds()).hasSize(2).noneMatch(ReplayReport.ThresholdResult::crossed);
            assertThat(results.resolve("merged.hlog")).exists();
        }
    }

    private static Container container(PodSpec pod) {
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    /** The kubelet's expansion: $(NAME) becomes the variable's value when it is defined, $$ a literal $. */
    private static List<String> expand(List<String> args, Map<String, String> env) {
        Pattern ref = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
        List<String> out = new ArrayList<>();
        for (String a : args) {
            Matcher m = ref.matcher(a);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String value = m.group(1) == null ? "$" : env.getOrDefault(m.group(1), m.group());
                m.appendReplacement(b, Matcher.quoteReplacement(value));
            }
            m.appendTail(b);
            out.add(b.toString());
        }
        return out;
    }

    /** Paths under a volume's mount path, on the local directory standing for the volume. */
    private static List<String> local(List<String> args, Map<String, Path> mounts) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            String mapped = a;
            for (Map.Entry<String, Path> m : mounts.entrySet()) {
                if (a.equals(m.getKey()) || a.startsWith(m.getKey() + "/")) {
                    mapped = m.getValue() + a.substring(m.getKey().length());
                }
            }
            out.add(mapped);
        }
        return out;
    }

    private static List<String> entrypoint(String module) throws IOException {
        String text = Files.readString(DEPLOY.resolve("docker").resolve(module).resolve("Dockerfile"));
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(text);
        assertThat(m.find()).as(module + "'s Dockerfile has an exec-form ENTRYPOINT").isTrue();
        return List.of(new ObjectMapper().readValue(m.group(1), String[].class));
    }

    /**
     * The fabric8 model keeps fields it does not know in additionalProperties instead of failing:
     * a misspelt or misplaced field would be dropped silently by a cluster, so any is an error here.
     */
    private static void assertNoUnknownFields(Object root, String where) {
        walk(root, where, new IdentityHashMap<>());
    }

    private static void walk(Object o, String path, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) {
                walk(x, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(path + ": " + getter.getName() + " failed", e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as(path + " has fields Kubernetes does not know").isNullOrEmpty();
            } else {
                walk(value, path + "." + getter.getName().substring(3), seen);
            }
        }
    }

}
