package dev.reprise.format.redact;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.internal.JournalFiles;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secret that keys redaction hashes. The same key gives the same hash for the same value, so
 * it must outlive restarts: either given as a file ({@code --redact-key-file}) or generated once
 * and kept, readable by its owner only.
 *
 * <p>The key is the file's bytes, less trailing whitespace (so {@code openssl rand -base64 32 > key}
 * works), and must be at least {@value #MIN_BYTES} bytes long. It never appears in
 * {@link #toString()} or in messages; {@link #fingerprint()} identifies it without revealing it.
 */
public final class RedactionKey {
    public static final int MIN_BYTES = 16;
    /** Longest key file read; a bigger file is a mistake, not a key. */
    public static final int MAX_BYTES = 4096;
    private static final int GENERATED_BYTES = 32;

    private final byte[] key;

    private RedactionKey(byte[] key) {
        this.key = key;
    }

    /** A key from raw bytes, e.g. for tests or a key held elsewhere. */
    public static RedactionKey of(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new InvalidSettingsException("redaction key is " + key.length + " bytes; at least " + MIN_BYTES + " are needed");
        }
        return new RedactionKey(key.clone());
    }

    /**
     * The key in a file.
     *
     * @throws InvalidSettingsException when the file is missing, too big or holds too short a key
     * @throws UncheckedIOException     when it cannot be read
     */
    public static RedactionKey fromFile(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidSettingsException("redaction key file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingsException("redaction key file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("redaction key file " + file + ": cannot read: " + JournalFiles.describe(e), e);
        }
        int n = bytes.length;
        while (n > 0 && (bytes[n - 1] == '\n' || bytes[n - 1] == '\r' || bytes[n - 1] == ' ' || bytes[n - 1] == '\t')) {
            n--;
        }
        if (n < MIN_BYTES) {
            Arrays.fill(bytes, (byte) 0);
            throw new InvalidSettingsException("redaction key file " + file + " holds " + n + " bytes; at least " + MIN_BYTES + " are needed");
        }
        byte[] key = Arrays.copyOf(bytes, n);
        Arrays.fill(bytes, (byte) 0);
        return new RedactionKey(key);
    }

    /**
     * The key stored at {@code file}, generated from {@link SecureRandom} and written there first
     * (owner read/write only, 0600) if the file does not exist yet. Safe against another process
     * creating it at the same moment: whoever creates it first wins and both use that key.
     */
    public static RedactionKey loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return fromFile(file);
        }
        byte[] random = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(random);
        byte[] text = (Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(random, (byte) 0);
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            // not caught as the key file already being there below: here it is the directory that cannot be made
            throw new UncheckedIOException("redaction key file " + file + ": cannot create its directory " + parent
                    + ": " + JournalFiles.describe(e), e);
        }
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] ownerOnly = posix
                    ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (SeekableByteChannel ch = Files.newByteChannel(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC), ownerOnly)) {
                if (!posix) {
                    java.io.File f = file.toFile();
                    f.setReadable(false, false);
                    f.setWritable(false, false);
                    f.setReadable(true, true);
                    f.setWritable(true, true);
                }
                ByteBuffer buf = ByteBuffer.wrap(text);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        } catch (FileAlreadyExistsException e) {
            return fromFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("redaction key file " + file + ": cannot create: " + JournalFiles.describe(e), e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        return fromFile(file);
    }

    /** A fresh HMAC-SHA256 instance keyed with this key; each thread needs its own. */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Eight hex digits that name this key (an HMAC of a fixed label), safe to log and compare. */
    public String fingerprint() {
        byte[] h = newMac().doFinal("reprise redaction key fingerprint".getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(h, 0, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedactionKey k && java.security.MessageDigest.isEqual(key, k.key);
    }

    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }

    @Override
    public String toString() {
        return "RedactionKey[" + fingerprint() + "]";
    }
}
