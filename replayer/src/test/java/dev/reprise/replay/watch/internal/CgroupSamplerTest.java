package dev.reprise.replay.watch.internal;

import dev.reprise.replay.watch.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class CgroupSamplerTest {
    @TempDir
    Path root;

    private Path write(String relative, String content) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    @Test
    void readsACgroupV2WorkingSetCpuAndProcesses() throws Exception {
        write("system.slice/app.service/memory.current", "104857600\n");
        write("system.slice/app.service/memory.stat", "anon 73400320\nfile 31457280\ninactive_file 20971520\nactive_file 10485760\n");
        write("system.slice/app.service/cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
        write("system.slice/app.service/pids.current", "7\n");

        CgroupSampler byName = CgroupSampler.open("/system.slice/app.service", root);
        CgroupSampler byDirectory = CgroupSampler.open(root.resolve("system.slice/app.service").toString(), root);

        Map<String, Double> expected = Map.of(Series.MEMORY, 83886080.0, Series.CPU, 2.5, Series.THREADS, 7.0);
        assertThat(byName.version()).isEqualTo("v2");
        assertThat(byName.sample()).isEqualTo(expected);
        assertThat(byDirectory.sample()).isEqualTo(expected);
    }

    @Test
    void readsACgroupV1AcrossItsMemoryAndCpuHierarchies() throws Exception {
        write("memory/docker/abc/memory.usage_in_bytes", "52428800\n");
        write("memory/docker/abc/memory.stat", "cache 10485760\nrss 41943040\ntotal_inactive_file 5242880\n");
        write("cpu,cpuacct/docker/abc/cpuacct.usage", "1500000000\n");

        CgroupSampler s = CgroupSampler.open("/docker/abc", root);

        assertThat(s.version()).isEqualTo("v1");
        assertThat(s.sample()).isEqualTo(Map.of(Series.MEMORY, 47185920.0, Series.CPU, 1.5));
        assertThat(CgroupSampler.open(root.resolve("memory/docker/abc").toString(), root).sample())
                .containsEntry(Series.CPU, 1.5);
    }

    @Test
    void aCgroupThatIsNoneOrGoesAwayOrHoldsGarbageIsAOneLineFailure() throws Exception {
        assertThatThrownBy(() -> CgroupSampler.open("/docker/missing", root)).isInstanceOf(WatchFailure.class)
                .hasMessage("cgroup /docker/missing: neither " + root.resolve("docker/missing/memory.current")
                        + " (cgroup v2) nor " + root.resolve("memory/docker/missing/memory.usage_in_bytes") + " (v1) exists");

        Path current = write("app/memory.current", "12345\n");
        write("app/memory.stat", "inactive_file 0\n");
        write("app/cpu.stat", "usage_usec 10\n");
        CgroupSampler s = CgroupSampler.open("/app", root);
        Files.writeString(current, "lots\n");
        assertThatThrownBy(s::sample).hasMessage("cgroup /app: memory.current holds 'lots', not a number");
        Files.delete(current);
        assertThatThrownBy(s::sample).hasMessage("cgroup /app is gone (" + current + ")");
    }

    @Test
    void readsThisProcesssOwnCgroupAndSeesMemoryItTouches() throws Exception {
        String cgroup = ownMemoryCgroup();
        CgroupSampler s = CgroupSampler.open(cgroup);
        double before = s.sample().get(Series.MEMORY);
        ByteBuffer touched = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < touched.capacity(); i += 4096) {
            touched.put(i, (byte) 1);
        }
        double after = s.sample().get(Series.MEMORY);

        assertThat(before).isPositive();
        assertThat(after - before).isGreaterThan(48 << 20);
        assertThat(touched.get(4096)).isEqualTo((byte) 1);
    }

    /** The memory controller's cgroup (v1), or the unified one (v2), from /proc/self/cgroup. */
    private static String ownMemoryCgroup() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                return f[2];
            }
        }
        for (String line : lines) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        return fail("this process is in no memory cgroup: /proc/self/cgroup has " + lines);
    }
}
