package org.tidings.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Behind a reverse proxy, X-Forwarded-* (and Forwarded) give the client's scheme, host and
 * address: upload Locations, the Secure cookie flag and per-address throttling depend on them.
 * Off by default, because a client that reaches Tidings directly could then claim any address;
 * turn it on ({@code tidings.web.trust-forwarded-headers=true}) behind a proxy that sets them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tidings.web.trust-forwarded-headers", havingValue = "true")
class ForwardedHeadersConfig {

    // WebHttpHandlerBuilder picks the transformer up by this bean name.
    @Bean(name = "forwardedHeaderTransformer")
    ForwardedHeaderTransformer forwardedHeaderTransformer() {
        ForwardedHeaderTransformer transformer = new ForwardedHeaderTransformer(false);
        // This constructor leaves X-Forwarded-Prefix off; upload Locations must carry the prefix
        // the proxy serves Tidings under, so the client can find the upload again.
        transformer.setUseForwardedPrefix(true);
        return transformer;
    }
}
