package io.inferstream.embedded;

/** A configured port is already taken: say which, and how to choose another. */
public final class PortInUseException extends IllegalStateException {

    public PortInUseException(String what, String host, int port, Throwable cause) {
        super(what + " cannot listen on " + host + ":" + port + ": the port is already in use. "
            + "Stop whatever holds it or choose another port (see config/embedded.properties).", cause);
    }
}
