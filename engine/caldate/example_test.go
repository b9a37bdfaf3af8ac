package caldate_test

import (
	"fmt"

	"github.com/commontext/commontext/engine/caldate"
)

// Months clamp to the month's end, as the guide's "two months after"
// needs: 31 January plus one month is the last day of February, 28 or 29.
// Clamping loses the day: going back a month does not return to the 31st.
func ExampleDate_AddMonths() {
	jan31 := caldate.MustParse("2027-01-31")
	fmt.Println(jan31.AddMonths(1))
	fmt.Println(caldate.MustParse("2028-01-31").AddMonths(1)) // a leap year
	fmt.Println(jan31.AddMonths(1).AddMonths(-1))
	fmt.Println(caldate.MustParse("2026-12-31").AddMonths(2))
	// Output:
	// 2027-02-28
	// 2028-02-29
	// 2027-01-28
	// 2027-02-28
}

// Working days skip Saturday and Sunday; counting starts from the next
// (or previous) day, so seven working days before Saturday 24 April 2027
// is Thursday 15 April, as for Monday 26 April.
func ExampleDate_AddWorkingDays() {
	for _, s := range []string{"2027-04-24", "2027-04-26"} {
		d := caldate.MustParse(s)
		back := d.AddWorkingDays(-7)
		fmt.Println(d.Weekday(), d, "→", back.Weekday(), back)
	}
	// Output:
	// Saturday 2027-04-24 → Thursday 2027-04-15
	// Monday 2027-04-26 → Thursday 2027-04-15
}

// Parse reads ISO dates only and says what is wrong in words.
func ExampleParse() {
	for _, s := range []string{"2027-02-28", "2027-02-30", "28/02/2027"} {
		d, err := caldate.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(d, d.Weekday())
	}
	// Output:
	// 2027-02-28 Sunday
	// date "2027-02-30": day 30 in February 2027 (it has 28 days)
	// date "28/02/2027": want YYYY-MM-DD
}
