package org.tidings.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A bean that exists only in cluster mode ({@code tidings.cluster.redis-url} set). Its
 * single-node counterpart carries {@link SingleNode}; together they make the two real
 * implementations of one seam, chosen once at startup.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Conditional(ClusterMode.On.class)
public @interface ClusterMode {

    String PROPERTY = "tidings.cluster.redis-url";

    /** The node runs alone: no Redis, no other nodes. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Conditional(Off.class)
    @interface SingleNode {}

    final class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty(PROPERTY);
            return url != null && !url.isBlank();
        }
    }

    final class Off implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new On().matches(context, metadata);
        }
    }
}
