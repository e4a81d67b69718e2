"""Terminal charts of the stats screen, drawn with plotext (textual-plotext): the due forecast and retention."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from quizzer.review.stats import RetentionWeek


class ForecastChart(PlotextPlot):
    """Cards due on each of the next days (today includes overdue cards)."""

    def show(self, forecast: list[int]) -> None:
        """Draw the bars."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        days = list(range(len(forecast)))
        plt.bar(days, forecast, marker="hd", color="orange")
        plt.title(f"Due in the next {len(forecast)} days: {sum(forecast)}")
        plt.xticks([0, 7, 14, 21, 28], ["today", "+7", "+14", "+21", "+28"])
        peak = max(forecast, default=0)
        step = max(1, -(-peak // 4))
        plt.yticks(list(range(0, peak + step, step)))
        self.refresh()


class RetentionChart(PlotextPlot):
    """Share of review-phase answers not rated Again, week by week."""

    def show(self, weeks: list[RetentionWeek]) -> None:
        """Draw the line, or say there is nothing to draw yet."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        if weeks:
            points = [week.rate * 100 for week in weeks]
            plt.plot(list(range(len(weeks))), points, marker="braille", color="green")
            plt.scatter(list(range(len(weeks))), points, marker="●", color="green")
            plt.xticks(list(range(len(weeks))), [f"{week.start:%d/%m}" for week in weeks])
            total = sum(week.reviews for week in weeks)
            kept = sum(week.retained for week in weeks)
            plt.title(f"Retention by week: {kept}/{total} = {kept / total:.0%}")
        else:
            plt.title("Retention by week")
            plt.text(
                "no answers to review cards yet", x=0.5, y=50, alignment="center", color="gray", background="default"
            )
            plt.xlim(0, 1)
            plt.xticks([])
        plt.ylim(0, 100)
        plt.yticks([0, 50, 80, 90, 100])
        self.refresh()
