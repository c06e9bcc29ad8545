/**
 * The programme built from the profile when there is no saved plan (service.ts, weeklyPlan): 16 weeks (the
 * running seed's `total_program_weeks`) towards a half marathon — 14 weeks before the race week, then the race
 * and recovery weeks — unless the profile's goal race fits a plan (MIN_PRE_RACE_WEEKS … MAX_PLAN_WEEKS away).
 * The phases guide describes the same programme.
 */
export const PROGRAM_PRE_RACE_WEEKS = 14;
export const PROGRAM_DISTANCE_KM = 21.0975;
