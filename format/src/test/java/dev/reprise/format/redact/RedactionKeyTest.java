package dev.reprise.format.redact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactionKeyTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsStoredOwnerOnlyAndReusedOnTheNextStart() throws Exception {
        Path file = dir.resolve("state/redact.key");
        RedactionKey first = RedactionKey.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).matches("[A-Za-z0-9_-]{43}");
        RedactionKey again = RedactionKey.loadOrCreate(file);
        assertThat(again).isEqualTo(first);
        String h1 = Redactor.create(RedactionPolicy.defaults(), first).hash("secret");
        String h2 = Redactor.create(RedactionPolicy.defaults(), again).hash("secret");
        assertThat(h2).isEqualTo(h1);
    }

    @Test
    void twoGeneratedKeysDiffer() {
        assertThat(RedactionKey.loadOrCreate(dir.resolve("a"))).isNotEqualTo(RedactionKey.loadOrCreate(dir.resolve("b")));
    }

    @Test
    void aKeyFileIsItsBytesLessTrailingWhitespace() throws Exception {
        Path withNewline = Files.writeString(dir.resolve("k1"), "correct horse battery staple\n");
        Path without = Files.writeString(dir.resolve("k2"), "correct horse battery staple");
        assertThat(RedactionKey.fromFile(withNewline)).isEqualTo(RedactionKey.fromFile(without))
                .isEqualTo(RedactionKey.of("correct horse battery staple".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingShortOrHugeKeyFilesAreRefusedByName() throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> RedactionKey.fromFile(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redaction key file " + missing + " does not exist");
        Path shortKey = Files.writeString(dir.resolve("short"), "tooshort\n\n");
        assertThatThrownBy(() -> RedactionKey.fromFile(shortKey))
                .hasMessage("redaction key file " + shortKey + " holds 8 bytes; at least 16 are needed");
        Path huge = Files.write(dir.resolve("huge"), new byte[10_000]);
        assertThatThrownBy(() -> RedactionKey.fromFile(huge)).hasMessageContaining("larger than 4096 bytes");
        assertThatThrownBy(() -> RedactionKey.of(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyFileThatCannotBeCreatedSaysWhyOnceWithoutTakingAFileForTheKey() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "not a directory");
        Path underIt = notADirectory.resolve("journal.redact-key");

        assertThatThrownBy(() -> RedactionKey.loadOrCreate(underIt))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("redaction key file " + underIt + ": cannot create its directory " + notADirectory
                        + ": already exists (" + notADirectory + ")");
        assertThat(Files.readString(notADirectory)).isEqualTo("not a directory");
    }

    @Test
    void messagesNeverShowTheKey() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short"), "hunter2");
        assertThatThrownBy(() -> RedactionKey.fromFile(shortKey)).hasMessageNotContaining("hunter2");
        RedactionKey k = RedactionKey.fromFile(Files.writeString(dir.resolve("k"), "a-very-secret-key-value"));
        assertThat(k.toString()).doesNotContain("a-very-secret-key-value");
        assertThat(List.of(k).toString()).doesNotContain("secret");
    }
}
