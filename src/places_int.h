/* places_int.h - the gazetteer's reverse-geocoding index (private). */
#ifndef CAPCAT_PLACES_INT_H
#define CAPCAT_PLACES_INT_H

#include <sqlite3.h>
#include <stdint.h>

/* A place of the spatial index: its box as place_geo stores it (32-bit
 * floats, rounded outwards), its position and population as place does. */
struct capcat_near_entry {
	int64_t id;
	float min_lat, max_lat, min_lon, max_lon;
	double lat, lon;
	int64_t population;
};

struct capcat_near_index;

/* The index of every place of place_geo in gazetteer 'db', shared by
 * every handle of the process (the gazetteer never changes).  NULL: ask
 * SQLite; the index is made once the process has asked a few times, and
 * not at all when there is no memory for it. */
const struct capcat_near_index *capcat_places__near_index(sqlite3 *db);

/* Ask SQLite the next 'asks' times before making the index (unless made
 * already): how the tests compare the two. */
void capcat_places__near_after(int asks);

/* Call 'each' for every place whose box lies within lat0..lat1,
 * lon0..lon1: the places SQLite's R*Tree gives for that box, in no
 * particular order. */
void capcat_places__near_box(const struct capcat_near_index *ix, double lat0, double lat1,
			     double lon0, double lon1,
			     void (*each)(void *payload, const struct capcat_near_entry *e),
			     void *payload);

#endif
