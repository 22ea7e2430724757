package org.tidings.stream;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * One shared ticker for every open stream's keep-alive, instead of a timer per connection:
 * thousands of idle streams cost one scheduled task.
 */
@Component
class Heartbeat {

    private final Flux<Long> ticks;

    Heartbeat(StreamSettings settings) {
        this.ticks = Flux.interval(settings.heartbeat()).share();
    }

    Flux<Long> ticks() {
        return ticks;
    }
}
