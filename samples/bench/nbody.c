/* nbody: the Jovian planets orbiting the sun (after the Benchmarks Game), double physics.
 *
 * Prints the system's energy before and after the simulation. */
#include <math.h>
#include <stdio.h>

#define STEPS 50000
#define BODIES 5

static const double pi = 3.141592653589793;
static const double days_per_year = 365.24;

typedef struct {
    double x, y, z, vx, vy, vz, mass;
} Body;

static Body planet(double x, double y, double z, double vx, double vy, double vz, double mass) {
    double solar_mass = 4.0 * pi * pi;
    Body b = {x, y, z, vx * days_per_year, vy * days_per_year, vz * days_per_year, mass * solar_mass};
    return b;
}

static void create_system(Body *bodies) {
    bodies[0] = planet(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
    bodies[1] = planet(4.84143144246472090, -1.16032004402742839, -0.103622044471123109,
                       0.00166007664274403694, 0.00769901118419740425, -0.0000690460016972063023,
                       0.000954791938424326609);
    bodies[2] = planet(8.34336671824457987, 4.12479856412430479, -0.403523417114321381,
                       -0.00276742510726862411, 0.00499852801234917238, 0.0000230417297573763929,
                       0.000285885980666130812);
    bodies[3] = planet(12.8943695621391310, -15.1111514016986312, -0.223307578892655734,
                       0.00296460137564761618, 0.00237847173959480950, -0.0000296589568540237556,
                       0.0000436624404335156298);
    bodies[4] = planet(15.3796971148509165, -25.9193146099879641, 0.179258772950371181,
                       0.00268067772490389322, 0.00162824170038242295, -0.0000951592254519715870,
                       0.0000515138902046611451);
}

static void offset_momentum(Body *bodies) {
    double solar_mass = 4.0 * pi * pi;
    double px = 0.0, py = 0.0, pz = 0.0;
    for (int i = 0; i < BODIES; ++i) {
        px = px + bodies[i].vx * bodies[i].mass;
        py = py + bodies[i].vy * bodies[i].mass;
        pz = pz + bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / solar_mass;
    bodies[0].vy = -py / solar_mass;
    bodies[0].vz = -pz / solar_mass;
}

static double energy(const Body *bodies) {
    double e = 0.0;
    for (int i = 0; i < BODIES; ++i) {
        const Body *bi = &bodies[i];
        e = e + 0.5 * bi->mass * (bi->vx * bi->vx + bi->vy * bi->vy + bi->vz * bi->vz);
        for (int j = i + 1; j < BODIES; ++j) {
            const Body *bj = &bodies[j];
            double dx = bi->x - bj->x;
            double dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            e = e - bi->mass * bj->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

/* One time step: every pair pulls on each other, then every body moves. */
static void advance(Body *bodies, double dt) {
    for (int i = 0; i < BODIES; ++i) {
        Body *bi = &bodies[i];
        for (int j = i + 1; j < BODIES; ++j) {
            Body *bj = &bodies[j];
            double dx = bi->x - bj->x;
            double dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            bi->vx = bi->vx - dx * bj->mass * mag;
            bi->vy = bi->vy - dy * bj->mass * mag;
            bi->vz = bi->vz - dz * bj->mass * mag;
            bj->vx = bj->vx + dx * bi->mass * mag;
            bj->vy = bj->vy + dy * bi->mass * mag;
            bj->vz = bj->vz + dz * bi->mass * mag;
        }
    }
    for (int i = 0; i < BODIES; ++i) {
        Body *b = &bodies[i];
        b->x = b->x + dt * b->vx;
        b->y = b->y + dt * b->vy;
        b->z = b->z + dt * b->vz;
    }
}

int main(void) {
    Body bodies[BODIES];
    create_system(bodies);
    offset_momentum(bodies);
    double before = energy(bodies);
    for (int i = 0; i < STEPS; ++i) {
        advance(bodies, 0.01);
    }
    printf("%g %g\n", before, energy(bodies));
    return 0;
}
