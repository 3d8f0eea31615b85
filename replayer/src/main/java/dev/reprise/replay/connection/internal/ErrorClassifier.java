package dev.reprise.replay.connection.internal;

import dev.reprise.replay.report.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;

/** Sorts the failures of a connection or an exchange into the kinds the report counts. */
final class ErrorClassifier {
    private ErrorClassifier() {
    }

    static ErrorKind classify(Throwable t) {
        if (t instanceof ConnectTimeoutException) {
            return ErrorKind.CONNECT_TIMEOUT;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            String m = t.getMessage();
            return m != null && m.contains("timed out") ? ErrorKind.CONNECT_TIMEOUT : ErrorKind.CONNECTION_REFUSED;
        }
        if (t instanceof DecoderException || t instanceof TooLongFrameException || t instanceof SSLException
                || t.getCause() instanceof SSLException) {
            return ErrorKind.PROTOCOL_ERROR;
        }
        if (t instanceof IOException) {
            return ErrorKind.RESET;
        }
        return ErrorKind.OTHER;
    }
}
