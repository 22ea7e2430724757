package org.tidings.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP edge under {@code tidings.web}. ({@code trust-forwarded-headers} is read
 * by {@link ForwardedHeadersConfig}'s condition, not bound here.)
 */
@ConfigurationProperties("tidings.web")
public record WebSettings(
        // Origins, besides the server's own, whose pages may open the event stream with the
        // session cookie (for example a client served from another host). Empty by default: a
        // sibling subdomain is same-site, so SameSite=Lax alone would let it in.
        @DefaultValue List<String> allowedOrigins) {

    public WebSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (normalise(origin) == null) {
                throw new IllegalArgumentException(
                        "tidings.web.allowed-origins: '" + origin + "' is not an origin like https://chat.example.com");
            }
        }
    }

    /** The allow-list in the form {@link #normalise} gives. */
    public Set<String> normalisedAllowedOrigins() {
        return allowedOrigins.stream().map(WebSettings::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * {@code scheme://host[:port]} in lower case, without a default port or trailing slash, or
     * null if the text is not an http(s) origin (browsers send {@code null} from sandboxed pages).
     */
    public static String normalise(String origin) {
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String path = uri.getRawPath();
        boolean bare = (path == null || path.isEmpty() || path.equals("/"))
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (uri.getScheme() == null || uri.getHost() == null || !bare) {
            return null;
        }
        return origin(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    /** The origin of a request URI (the server's own, as the client addressed it). */
    public static String originOf(URI requestUri) {
        String scheme = requestUri.getScheme();
        if (scheme == null || requestUri.getHost() == null) {
            return null;
        }
        // A proxy may forward the upgrade's own scheme; the page that opened it is http(s).
        scheme = switch (scheme.toLowerCase(Locale.ROOT)) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> scheme;
        };
        return origin(scheme, requestUri.getHost(), requestUri.getPort());
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) {
            return null;
        }
        boolean defaultPort = port == -1 || (s.equals("http") && port == 80) || (s.equals("https") && port == 443);
        return s + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
