package org.tidings.cluster;

import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** A node alone has nobody to tell: publishing is a no-op and nothing ever arrives. */
@Component
@ClusterMode.SingleNode
class LocalBus implements Bus {

    @Override
    public void publish(String topic, byte[] message) {}

    @Override
    public void subscribe(String topic, Consumer<byte[]> handler) {}
}
