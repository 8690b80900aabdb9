/**
 * English dates. Sources: the Gregorian month and day names with the AP style abbreviations
 * (Jan., Feb., Aug., Sept., Oct., Nov., Dec.; March–July written out) and the three-letter forms
 * of British copy; the relative expressions of news copy (yesterday, last week, earlier this
 * month) listed in docs/news-language-notes.md in ../shared.
 *
 * Numeric dates are read month first (10/17/2024) as in US copy; when that gives no valid date
 * (17/10/2024) the day-first reading is used. A date valid both ways (03/04/2024) stays March 4.
 */
import type { DateLexicon } from '../lexicon-dates.js';

export const enDates: DateLexicon = {
  months: [
    ['January'],
    ['February'],
    ['March'],
    ['April'],
    ['May'],
    ['June'],
    ['July'],
    ['August'],
    ['September'],
    ['October'],
    ['November'],
    ['December'],
  ],
  monthAbbreviations: [
    ['Jan'],
    ['Feb'],
    ['Mar'],
    ['Apr'],
    [],
    ['Jun'],
    ['Jul'],
    ['Aug'],
    ['Sep', 'Sept'],
    ['Oct'],
    ['Nov'],
    ['Dec'],
  ],
  weekdays: {
    sunday: 0,
    monday: 1,
    tuesday: 2,
    wednesday: 3,
    thursday: 4,
    friday: 5,
    saturday: 6,
  },
  weekdayAbbreviations: { sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6 },
  capitalizedNames: true,
  numericOrder: 'MDY',
  units: {
    day: 'day',
    days: 'day',
    week: 'week',
    weeks: 'week',
    month: 'month',
    months: 'month',
    year: 'year',
    years: 'year',
  },
  modifiersBefore: { last: -1, this: 0, next: 1, coming: 1 },
  modifiersAfter: {},
  ago: ['ago'],
  relative: {
    yesterday: { unit: 'day', offset: -1 },
    today: { unit: 'day', offset: 0 },
    tonight: { unit: 'day', offset: 0 },
    tomorrow: { unit: 'day', offset: 1 },
    'the day before yesterday': { unit: 'day', offset: -2 },
    'the day after tomorrow': { unit: 'day', offset: 2 },
    'a week ago': { unit: 'week', offset: -1 },
    'a month ago': { unit: 'month', offset: -1 },
    'a year ago': { unit: 'year', offset: -1 },
  },
  futureMarkers: ['will', "'ll", 'shall', 'scheduled', 'plans', 'planned', 'planning', 'due', 'upcoming'],
  periodParts: [
    'early', 'mid', 'late', 'earlier', 'later', 'end of', 'the end of', 'beginning of',
    'the beginning of', 'start of', 'the start of', 'middle of', 'the middle of',
  ],
  monthWords: [],
  yearWords: ['year'],
  datePrepositions: ['in', 'on', 'since', 'until', 'till', 'by', 'from', 'during', 'before', 'after', 'through'],
  ordinalSuffixes: ['st', 'nd', 'rd', 'th'],
};
