/* places_int.h - the gazetteer's reverse-geocoding index (private). */
#ifndef CAPCAT_PLACES_INT_H
#define CAPCAT_PLACES_INT_H

#include <sqlite3.h>
#include <stdint.h>

/* A city of the gazetteer (the places of place_geo). */
struct capcat_near_entry {
	int64_t id;
	double lat, lon;
	int64_t population;
	int strip;                      /* of its latitude, for sorting */
};

struct capcat_near_index;

/* The index of every place of place_geo in gazetteer 'db', shared by
 * every handle of the process (the gazetteer never changes).  NULL: ask
 * SQLite; the index is made once the process has asked a few times, and
 * not at all when there is no memory for it. */
const struct capcat_near_index *capcat_places__near_index(sqlite3 *db);

/* Store the index into gazetteer 'db' being built (table place_near), so
 * that processes load it rather than make it; 0 or -1. */
int capcat_places__near_store(sqlite3 *db);

/* Ask SQLite the next 'asks' times before making the index (unless made
 * already): how the tests compare the two. */
void capcat_places__near_after(int asks);

/* Call 'each' for every city within lat0..lat1, lon0..lon1, in no
 * particular order.  SQLite's R*Tree stores positions as 32-bit floats:
 * for a place a millionth of a degree from the box's edge the two may
 * differ, but such a place is farther than the distance the box was made
 * for, and nearest() never takes it. */
void capcat_places__near_box(const struct capcat_near_index *ix, double lat0, double lat1,
			     double lon0, double lon1,
			     void (*each)(void *payload, const struct capcat_near_entry *e),
			     void *payload);

#endif
