package org.tidings.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Behind a reverse proxy, X-Forwarded-* (and Forwarded) give the client's scheme, host and
 * address: upload Locations, the Secure cookie flag and per-address throttling depend on them.
 * Turn it off ({@code tidings.web.trust-forwarded-headers=false}) when clients reach Tidings
 * directly, or they could claim any address.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tidings.web.trust-forwarded-headers", havingValue = "true", matchIfMissing = true)
class ForwardedHeadersConfig {

    // WebHttpHandlerBuilder picks the transformer up by this bean name.
    @Bean(name = "forwardedHeaderTransformer")
    ForwardedHeaderTransformer forwardedHeaderTransformer() {
        return new ForwardedHeaderTransformer(false);
    }
}
