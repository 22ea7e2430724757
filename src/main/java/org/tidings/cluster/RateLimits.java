package org.tidings.cluster;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

/**
 * Token buckets by name: in this node's memory when it runs alone, in Redis (shared by every
 * node) in cluster mode, so a client cannot multiply a limit by spreading its requests across
 * nodes. A bucket is made from {@code config} on first use.
 */
public interface RateLimits {

    /**
     * Whether the buckets are in this node's memory, so taking a token never blocks (an event
     * loop may do it); Redis buckets are a network round trip.
     */
    boolean inMemory();

    /** Takes one token if there is one. */
    ConsumptionProbe tryConsume(String key, BucketConfiguration config);

    /** Whether one token could be taken now, without taking it. */
    EstimationProbe estimate(String key, BucketConfiguration config);
}
