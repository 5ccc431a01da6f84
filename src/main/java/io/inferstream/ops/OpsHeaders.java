package io.inferstream.ops;

/** Header names Inferstream's instances use between themselves and towards clients. */
public final class OpsHeaders {

    /** On a response: the instance ({@code host:port}, as advertised) that computed the answer. */
    public static final String ANSWERED_BY = "X-Inferstream-Instance";

    /**
     * On a request one instance passes to another: the forwarding instance. A request carrying it is answered where
     * it lands or refused, never forwarded again, so two instances with different views of the cluster (during a
     * rebalance) cannot bounce a request between them.
     */
    public static final String FORWARDED_BY = "X-Inferstream-Forwarded-By";

    public static final String RETRY_AFTER = "Retry-After";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String ALLOW = "Allow";

    private OpsHeaders() {
    }
}
