// No Zod here: the web app's segment screens import these lists without loading the schemas (the `forms`
// chunk), as with allergens.ts.

// Road quality: OpenStreetMap's vocabulary.

/** OSM `surface=*` values (wiki "Key:surface"), the common ones. */
export const SURFACES = [
  'paved',
  'asphalt',
  'chipseal',
  'concrete',
  'concrete:plates',
  'concrete:lanes',
  'paving_stones',
  'sett',
  'unhewn_cobblestone',
  'cobblestone',
  'metal',
  'wood',
  'unpaved',
  'compacted',
  'fine_gravel',
  'gravel',
  'pebblestone',
  'rock',
  'ground',
  'dirt',
  'grass',
  'mud',
  'sand',
] as const;
/** OSM `smoothness=*`, its eight grades best to worst (wiki "Key:smoothness"). */
export const SMOOTHNESS = [
  'excellent',
  'good',
  'intermediate',
  'bad',
  'very_bad',
  'horrible',
  'very_horrible',
  'impassable',
] as const;
export const HAZARDS = [
  'pothole',
  'glass',
  'flooding',
  'traffic',
  'debris',
  'ice',
  'roadworks',
  'poor_lighting',
  'loose_gravel',
  'other',
] as const;
