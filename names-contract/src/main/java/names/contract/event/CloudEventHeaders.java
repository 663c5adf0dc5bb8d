package names.contract.event;

/**
 * CloudEvents Kafka protocol binding (binary mode) header names, so generic tooling can route change
 * events without parsing them. The payload stays our own JSON.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String CONTENT_TYPE_VALUE = "application/json";
    /** {@code ce_source} of events published by names-writer's relay. */
    public static final String WRITER_SOURCE = "/names-writer";

    private CloudEventHeaders() {
    }
}
