package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DemoConsoleTest {

    private final StringWriter written = new StringWriter();

    @Test
    void shouldRedrawTheStatusInPlaceOnATerminal() {
        DemoConsole console = new DemoConsole(new PrintWriter(written), true);

        console.status("10 req/s");
        console.status("20 req/s");

        assertThat(written.toString()).isEqualTo("\r10 req/s\033[K\r\033[K20 req/s\033[K");
    }

    @Test
    void shouldClearTheStatusBeforeAPrintedLineAndDrawItAgainBelow() {
        DemoConsole console = new DemoConsole(new PrintWriter(written), true);
        PrintWriter printer = console.writer();
        console.status("10 req/s");

        printer.println("drift alert: ctr f0 FIRING");

        assertThat(written.toString()).isEqualTo("\r10 req/s\033[K\r\033[Kdrift alert: ctr f0 FIRING" + System.lineSeparator()
            + "\r10 req/s\033[K");
    }

    @Test
    void shouldWaitForAPrintedLineToEndBeforeDrawingTheStatus() {
        DemoConsole console = new DemoConsole(new PrintWriter(written), true);
        PrintWriter printer = console.writer();
        printer.print("feed of u1: ");
        printer.flush();

        console.status("10 req/s");
        printer.println("i1, i2");

        assertThat(written.toString()).isEqualTo("feed of u1: i1, i2" + System.lineSeparator() + "\r10 req/s\033[K");
    }

    @Test
    void shouldLeaveTheLastStatusOnItsOwnLineAtTheEnd() {
        DemoConsole console = new DemoConsole(new PrintWriter(written), true);
        console.status("10 req/s");

        console.endStatus();
        console.writer().println("Demo totals: ...");

        assertThat(written.toString()).isEqualTo("\r10 req/s\033[K" + System.lineSeparator() + "Demo totals: ..." + System.lineSeparator());
    }

    @Test
    void shouldLetLogLinesOnStandardErrorTakeTurnsWithTheStatus() {
        DemoConsole console = new DemoConsole(new PrintWriter(written), true);
        java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = console.errorStream(new java.io.PrintStream(errBytes, true));
        console.status("10 req/s");

        err.println("12:00:00.000 INFO  something happened");

        assertThat(written.toString()).isEqualTo("\r10 req/s\033[K\r\033[K\r10 req/s\033[K");
        assertThat(errBytes.toString()).isEqualTo("12:00:00.000 INFO  something happened" + System.lineSeparator());
    }

    @Test
    void shouldPrintPlainLinesWhenNotATerminal() {
        DemoConsole console = new DemoConsole(new PrintWriter(written), false);

        console.status("10 req/s");
        console.writer().println("drift alert");
        console.status("20 req/s");
        console.endStatus();

        String nl = System.lineSeparator();
        assertThat(written.toString()).isEqualTo("10 req/s" + nl + "drift alert" + nl + "20 req/s" + nl).doesNotContain("\r");
    }
}
