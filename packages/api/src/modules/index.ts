import { accountsModule } from './accounts/index.js';
import { bodyModule } from './body/index.js';
import { calendarsModule } from './calendars/index.js';
import { eventsModule } from './events/index.js';
import { foodsModule } from './foods/index.js';
import { gymsModule } from './gyms/index.js';
import { notificationsModule } from './notifications/index.js';
import { nutritionModule } from './nutrition/index.js';
import { raceModule } from './race/index.js';
import { reservationsModule } from './reservations/index.js';
import { runningModule } from './running/index.js';
import { scheduleModule } from './schedule/index.js';
import { segmentsModule } from './segments/index.js';
import { trainingModule } from './training/index.js';

/**
 * Every module of Pulso, in order of dependency: a module may `use` only those above it. This list is the one
 * place outside its folder that a new module touches (ARCHITECTURE.md, "Adding a module").
 */
export const MODULES = [
  accountsModule,
  gymsModule,
  notificationsModule,
  reservationsModule,
  eventsModule,
  scheduleModule,
  calendarsModule,
  runningModule,
  raceModule,
  trainingModule,
  bodyModule,
  segmentsModule,
  foodsModule,
  nutritionModule,
] as const;
