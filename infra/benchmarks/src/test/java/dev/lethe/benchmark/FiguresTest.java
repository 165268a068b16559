package dev.lethe.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void tableShowsMinMedianMaxOverRoundsAndWhetherTheMedianMeetsTheTarget() {
        Figures figures = new Figures();
        Figures.Target atLeast3000 = new Figures.Target(true, 3_000);
        figures.add("encrypted ingest throughput", "commands/s", atLeast3000, 2_900);
        figures.add("encrypted ingest throughput", "commands/s", atLeast3000, 3_100);
        figures.add("encrypted ingest throughput", "commands/s", atLeast3000, 3_050);

        assertThat(figures.table()).contains("2,900", "3,050", "3,100", ">= 3,000  met");
    }

    @Test
    void aFigureOverItsCeilingIsReportedAsNotMet() {
        Figures figures = new Figures();
        figures.add("fixed 1000/s command->result p99", "ms", new Figures.Target(false, 50), 80);

        assertThat(figures.table()).contains("<= 50.0  NOT MET");
    }

    @Test
    void roundsThatCouldNotMeasureAFigureAreLeftOutOfItsStatistics() {
        Figures figures = new Figures();
        figures.add("command->visible p99", "ms", Double.NaN);
        figures.add("command->visible p99", "ms", 120);

        Stats stats = figures.all().get(0).stats();
        assertThat(stats.min()).isEqualTo(120);
        assertThat(stats.max()).isEqualTo(120);
    }

    @Test
    void smallRatiosKeepThreeDecimalsSoThatAGapOfHundredsStillShows() {
        assertThat(Figures.format(0.0071)).isEqualTo("0.007");
        assertThat(Figures.format(0.91)).isEqualTo("0.910");
        assertThat(Figures.format(1.02)).isEqualTo("1.02");
    }
}
