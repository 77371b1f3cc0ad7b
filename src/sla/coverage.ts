// The evidence rule: a month's verdict is supported when at least this share of its business
// time was observed. Below it, every report says the verdict rests on too little observation
// (a month observed 6 % of its business time read as a plain "target met").
export const DEFAULT_COVERAGE_MINIMUM = 95;
