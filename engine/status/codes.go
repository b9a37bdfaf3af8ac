package status

// HarmonizedCode is a stage code of the ISO/IEC harmonized stage code
// system, the code a JTC 1 secretariat reports for a project (ISO,
// "International harmonized stage codes", https://www.iso.org/stage-codes.html,
// used by JTC 1 under the ISO/IEC Directives, Part 1). Only the codes a
// synchronized common text can pass through between its first CD ballot and
// publication are listed: the guide plans nothing before the CD and nothing
// after publication.
type HarmonizedCode struct {
	Code string `json:"code"` // e.g. "40.20"
	Name string `json:"name"` // ISO's name, for an IS: "DIS ballot initiated"
}

// harmonizedCodes is the table, written once. Names are ISO's, for an
// International Standard (CD, DIS, FDIS); an amendment's report names its
// own stages (PDAM, DAM, FDAM) through schedule.Names. The durations ISO's
// table adds to some names ("12 weeks") are left out: the guide's and the
// plan's rules set them.
var harmonizedCodes = []HarmonizedCode{
	{"30.00", "CD registered"},
	{"30.20", "CD ballot initiated"},
	{"30.60", "Close of voting on the CD"},
	{"30.99", "CD approved for registration as DIS"},
	{"40.00", "DIS registered"},
	{"40.20", "DIS ballot initiated"},
	{"40.60", "Close of voting on the DIS"},
	{"40.93", "Full report circulated: decision for new DIS ballot"},
	{"40.99", "Full report circulated: DIS approved for registration as FDIS"},
	{"50.00", "FDIS registered for formal approval"},
	{"50.20", "FDIS ballot initiated"},
	{"50.60", "Close of voting on the FDIS"},
	{"60.00", "International Standard under publication"},
	{"60.60", "International Standard published"},
}

// HarmonizedCodes returns the table, in stage order.
func HarmonizedCodes() []HarmonizedCode {
	return append([]HarmonizedCode(nil), harmonizedCodes...)
}

// Harmonized returns the code's entry.
func Harmonized(code string) (HarmonizedCode, bool) {
	for _, c := range harmonizedCodes {
		if c.Code == code {
			return c, true
		}
	}
	return HarmonizedCode{}, false
}

// jtc1Step gives the harmonized code of one JTC 1 step of the engine
// (schedule step IDs): before it happens (when it is the first step of a
// plan that starts later than the CD), while it runs (a ballot opened and
// not yet closed), and once it is done.
type jtc1Step struct {
	step                 string
	before, during, done string
}

// jtc1Steps are in the order a project passes them. A CD ballot
// resolution decides the DIS registration (30.99) unless a second CD
// ballot follows, when the project stays at the close of voting (30.60);
// a DIS ballot resolution that decides a second DIS ballot is 40.93 (see
// stageOf). The FDIS ballot is omitted when the DIS ballot had no negative
// votes (guide 8.9): the project then goes from 40.99 to publication.
var jtc1Steps = []jtc1Step{
	{"cd-ballot", "30.00", "30.20", "30.60"},
	{"cd-resolution", "30.60", "", "30.99"},
	{"cd2-ballot", "30.00", "30.20", "30.60"},
	{"cd2-resolution", "30.60", "", "30.99"},
	{"dis-registration", "30.99", "", "40.00"},
	{"dis-translation", "40.00", "40.00", "40.00"},
	{"dis-ballot", "40.00", "40.20", "40.60"},
	{"dis-resolution", "40.60", "", "40.99"},
	{"dis2-ballot", "40.93", "40.20", "40.60"},
	{"dis2-resolution", "40.60", "", "40.99"},
	{"fdis-ballot", "50.00", "50.20", "50.60"},
	{"publication", "60.00", "", "60.60"},
}
