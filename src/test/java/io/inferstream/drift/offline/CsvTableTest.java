package io.inferstream.drift.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    private static final Path FILE = Path.of("data.csv");

    @TempDir
    Path temp;

    @Test
    void shouldParseQuotedFieldsCrlfAndSkipBlankLines() {
        CsvTable t = CsvTable.parse(FILE, "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"multi\nline\",\n");
        assertThat(t.header()).containsExactly("a", "b", "c");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0)).containsExactly("1", "x, y", "say \"hi\"");
        assertThat(t.rows().get(1)).containsExactly("2", "multi\nline", "");
    }

    @Test
    void shouldAcceptAByteOrderMarkAndNoTrailingNewline() {
        CsvTable t = CsvTable.parse(FILE, "\uFEFFx,y\n1,2");
        assertThat(t.header()).containsExactly("x", "y");
        assertThat(t.rows()).hasSize(1);
    }

    @Test
    void shouldRejectRaggedRowsWithTheirLineNumber() {
        assertThatThrownBy(() -> CsvTable.parse(FILE, "a,b\n1,2\n3\n")).isInstanceOf(DataFileException.class)
                .hasMessage("data.csv: line 3 has 1 fields, the header has 2");
    }

    @Test
    void shouldRejectEmptyFilesBadHeadersAndBadQuotes() {
        assertThatThrownBy(() -> CsvTable.parse(FILE, "")).hasMessageContaining("expected a header row");
        assertThatThrownBy(() -> CsvTable.parse(FILE, "\n\n")).hasMessageContaining("expected a header row");
        assertThatThrownBy(() -> CsvTable.parse(FILE, "a,a\n1,2")).hasMessageContaining("column 'a' twice");
        assertThatThrownBy(() -> CsvTable.parse(FILE, "a,\n1,2")).hasMessageContaining("empty column name");
        assertThatThrownBy(() -> CsvTable.parse(FILE, "a\n\"open")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> CsvTable.parse(FILE, "a\nx\"y")).hasMessageContaining("quote inside");
    }

    @Test
    void shouldNameAMissingFile() {
        Path missing = temp.resolve("nope.csv");
        assertThatThrownBy(() -> CsvTable.read(missing)).isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": no such file");
    }
}
