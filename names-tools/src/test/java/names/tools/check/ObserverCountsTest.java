package names.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class ObserverCountsTest {

    @Test
    void theRunsCountsAreTheDifferenceOfTwoScrapesAndTheNinesTheServicesOwn() {
        ObserverCounts.Scrape before = scrape(100, 0, 5, 2.0);
        ObserverCounts counts = scrape(1_100, 0, 5, 3.04).since(before);

        assertThat(counts.available()).isTrue();
        assertThat(counts.checks()).isEqualTo(1_000);
        assertThat(counts.inconsistencies()).isZero();
        assertThat(counts.shed()).isZero();
        assertThat(counts.describe())
                .isEqualTo("observer (invalidation): checks 1000, inconsistencies 0, shed 0, nines 3.0 (at least)");
    }

    @Test
    void aServiceThatCannotBeScrapedIsSaidSoAndCountsNothing() {
        ObserverCounts.Scrape nothing = new ObserverCounts.Scrape("inspection", OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

        ObserverCounts counts = nothing.since(nothing);

        assertThat(counts.available()).isFalse();
        assertThat(counts.inconsistencies()).isZero();
        assertThat(counts.describe()).contains("not reachable");
    }

    private static ObserverCounts.Scrape scrape(double checks, double inconsistencies, double shed, double nines) {
        return new ObserverCounts.Scrape("invalidation", OptionalDouble.of(checks), OptionalDouble.of(inconsistencies),
                OptionalDouble.of(shed), OptionalDouble.of(nines));
    }
}
