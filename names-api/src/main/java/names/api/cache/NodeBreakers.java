package names.api.cache;

import java.util.Map;

/** The circuit breaker of each memcached node, by node name. */
public record NodeBreakers(Map<String, CircuitBreaker> byNode) {

    public NodeBreakers {
        byNode = Map.copyOf(byNode);
    }

    public CircuitBreaker of(String node) {
        CircuitBreaker breaker = byNode.get(node);
        if (breaker == null) {
            throw new IllegalArgumentException("no memcached node " + node);
        }
        return breaker;
    }
}
