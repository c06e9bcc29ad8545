import type { DemoContext } from '../../platform/module.js';
import type { SegmentsService } from './service.js';

/*
 * Two public segments along the Retiro loop of `samples/retiro-loop.gpx` (points of that track, every tenth),
 * so the README's tour, which imports that run, also finds efforts on them; and a gym segment for the demo gym.
 */
const EAST_SIDE: [number, number][] = [
  [-3.676988, 40.413492],
  [-3.67708, 40.414512],
  [-3.677307, 40.4155],
  [-3.677643, 40.416444],
  [-3.678156, 40.417323],
  [-3.678752, 40.418087],
  [-3.679488, 40.418773],
  [-3.680286, 40.419303],
  [-3.681146, 40.419672],
  [-3.68207, 40.419917],
  [-3.683003, 40.419992],
  [-3.683925, 40.419908],
  [-3.68486, 40.419685],
];
const SOUTH_SIDE: [number, number][] = [
  [-3.689011, 40.413492],
  [-3.688928, 40.412484],
  [-3.688696, 40.411491],
  [-3.688355, 40.410544],
  [-3.687842, 40.409675],
  [-3.687237, 40.408913],
  [-3.686513, 40.408231],
  [-3.685718, 40.407696],
  [-3.684867, 40.407308],
  [-3.683946, 40.407093],
  [-3.683004, 40.407011],
  [-3.682066, 40.407067],
  [-3.681133, 40.407305],
];

export async function seedSegments(s: SegmentsService, demo: DemoContext) {
  const runner = { userId: demo.memberIds[0]!, gymIds: [demo.gymId] };
  const trainer = { userId: demo.trainerId, gymIds: [demo.gymId] };
  const line = (coordinates: [number, number][]) => ({ type: 'LineString' as const, coordinates });
  const east = await s.create(runner, {
    name: 'Retiro: Paseo de Coches climb',
    description: 'The east side of the park, gently up towards the Puerta de Alcalá.',
    location: 'Madrid',
    geometry: line(EAST_SIDE),
    visibility: 'public',
  });
  const south = await s.create(runner, {
    name: 'Retiro: south straight',
    description: 'Along the south fence, flat and fast.',
    location: 'Madrid',
    geometry: line(SOUTH_SIDE),
    visibility: 'public',
  });
  await s.create(trainer, {
    name: 'Warm-up loop for the Sunday run',
    description: 'The gym group meets at the Puerta de Alcalá.',
    location: 'Madrid',
    geometry: line(EAST_SIDE.slice(6)),
    visibility: 'gym',
    gym_id: demo.gymId,
  });
  await s.report(runner, east.id, { rating: 4, surface: 'asphalt', smoothness: 'good', hazards: [] });
  await s.report(trainer, south.id, {
    rating: 3,
    surface: 'compacted',
    smoothness: 'intermediate',
    hazards: ['pothole'],
    comment: 'A few holes after the rain near the fountain.',
  });
}
