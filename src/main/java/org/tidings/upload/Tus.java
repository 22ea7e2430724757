package org.tidings.upload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.tidings.web.ApiException;

/** The tus 1.0 protocol's headers: parsing what clients send, formatting what they expect. */
final class Tus {

    static final String VERSION = "1.0.0";
    static final String EXTENSIONS =
            "creation,creation-with-upload,creation-defer-length,termination,expiration,checksum";
    static final String CHECKSUM_ALGORITHMS = "sha1,sha256";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    private Tus() {}

    /** An Upload-Checksum header: the digest to compute over the request body and what it must be. */
    record Checksum(String algorithm, byte[] expected) {
        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("sha1".equals(algorithm) ? "SHA-1" : "SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void requireVersion(HttpHeaders headers) {
        if (!VERSION.equals(headers.getFirst("Tus-Resumable"))) {
            throw new ApiException(
                    HttpStatus.PRECONDITION_FAILED,
                    "tus_version_unsupported",
                    "Send Tus-Resumable: " + VERSION + " (the only version this server speaks)");
        }
    }

    static void requireOffsetStream(HttpHeaders headers) {
        String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.strip().toLowerCase().startsWith(OFFSET_OCTET_STREAM)) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Upload bytes must be sent as " + OFFSET_OCTET_STREAM);
        }
    }

    /** A non-negative integer header; null when absent, 400 when malformed. */
    static Long number(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Falls through to the refusal.
        }
        throw ApiException.badRequest("invalid_header", name + " must be a non-negative integer");
    }

    /** Upload-Metadata: comma-separated {@code key base64value} pairs (the value may be missing). */
    static Map<String, String> metadata(String header) {
        Map<String, String> values = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return values;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.strip().split(" ", 2);
            if (parts[0].isEmpty()) {
                continue;
            }
            try {
                String value = parts.length < 2
                        ? ""
                        : new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8);
                values.put(parts[0], value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_header", "Upload-Metadata values must be base64");
            }
        }
        return values;
    }

    /** Upload-Checksum: {@code algorithm base64digest}; null when absent. */
    static Checksum checksum(HttpHeaders headers) {
        String header = headers.getFirst("Upload-Checksum");
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split(" ", 2);
        String algorithm = parts[0].toLowerCase();
        if (!"sha1".equals(algorithm) && !"sha256".equals(algorithm)) {
            throw ApiException.badRequest(
                    "checksum_algorithm_unsupported", "Upload-Checksum algorithms: " + CHECKSUM_ALGORITHMS);
        }
        try {
            if (parts.length == 2) {
                return new Checksum(algorithm, Base64.getDecoder().decode(parts[1].strip()));
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal.
        }
        throw ApiException.badRequest("invalid_header", "Upload-Checksum must be '<algorithm> <base64 digest>'");
    }

    /** Upload-Expires is an RFC 9110 HTTP date. */
    static String httpDate(long epochMillis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
    }
}
